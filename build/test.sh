#!/usr/bin/env bash
# Runs every test in Agents.sln. LLamaSharp is on nuget.org but not on every package mirror: unless
# WithLlamaSharp is set, this probes the configured feeds once and leaves the LLamaSharp backend out
# (saying so in one line) when the package cannot be restored.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${WithLlamaSharp:-}" ]; then
  probe_dir=$(mktemp -d)
  trap 'rm -rf "$probe_dir"' EXIT
  cat > "$probe_dir/Probe.csproj" <<PROBE
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="LLamaSharp" Version="$(sed -n 's/.*PackageVersion Include="LLamaSharp" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)" /></ItemGroup>
</Project>
PROBE
  if dotnet restore "$probe_dir/Probe.csproj" >/dev/null 2>&1; then
    export WithLlamaSharp=true
  else
    export WithLlamaSharp=false
    echo "LLamaSharp is not available from the configured package sources: building and testing without the LLamaSharp backend (WithLlamaSharp=false)."
  fi
fi

exec dotnet test Agents.sln -c Release "$@"
