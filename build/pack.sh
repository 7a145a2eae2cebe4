#!/usr/bin/env bash
# Packs every package (libraries with .snupkg symbols, the mmoe and mmoe-train tools) into artifacts/packages, or DIR.
#   build/pack.sh [DIR]
#   MMOE_TOOL_RIDS="linux-x64;linux-arm64;osx-arm64;win-x64" build/pack.sh   # tool packages for every platform a release publishes
# Then, from any folder:  dotnet add package Mmoe.SemanticKernel --source DIR   /   dotnet tool install -g Mmoe.Cli --add-source DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/artifacts/packages}")
args=(-t:Pack -p:PackageOutputPath="$out" -nologo -v:minimal)
if [ -n "${MMOE_TOOL_RIDS:-}" ]; then
  args+=("-p:ToolRuntimeIdentifiers=$MMOE_TOOL_RIDS")
fi
dotnet build "$root/src/Mmoe.Training.Cli" -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet msbuild "$root/build/Packages.proj" -p:NoBuild=true "${args[@]}"
ls -l "$out"
