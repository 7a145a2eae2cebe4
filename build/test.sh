#!/usr/bin/env bash
# Runs every test in Agents.sln (the LLamaSharp backend's included, against the real llama.cpp).
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet test Agents.sln -c Release "$@"
