#!/usr/bin/env bash
# Runs every test in Agents.sln, with the LLamaSharp backend where the package sources have it.
set -euo pipefail
cd "$(dirname "$0")/.."
source build/llamasharp-probe.sh
exec dotnet test Agents.sln -c Release "$@"
