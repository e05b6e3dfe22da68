from cocoon.runtime import function


@function
def echo(payload):
    return payload
