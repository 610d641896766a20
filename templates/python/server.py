"""__NAME__: an MCP server over stdio with one tool and one resource (FastMCP).

Docs: https://modelcontextprotocol.io/docs and https://github.com/modelcontextprotocol/python-sdk
"""

import logging
import os
import sys

from mcp.server.fastmcp import FastMCP

# Standard output carries the protocol, so logs go to standard error.
logging.basicConfig(
    stream=sys.stderr,
    level=logging.DEBUG if os.environ.get("DEBUG") == "true" else logging.WARNING,
)
log = logging.getLogger("__NAME__")

mcp = FastMCP("__NAME__")


@mcp.tool()
def greet(name: str) -> str:
    """Say hello to someone by name."""
    log.debug("greet %s", name)
    return f"Hello, {name}!"


@mcp.resource("info://about")
def about() -> str:
    """What this server is."""
    return "__NAME__: an MCP server started with `mcpo new`."


if __name__ == "__main__":
    mcp.run()  # stdio
