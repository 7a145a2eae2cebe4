# Sourced by the build scripts. LLamaSharp is on nuget.org but not on every package mirror: unless
# WithLlamaSharp is already set, probe the configured feeds once and leave the LLamaSharp backend out
# (saying so in one line on stderr) when the package cannot be restored.
if [ -z "${WithLlamaSharp:-}" ]; then
  _mmoe_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  _mmoe_probe=$(mktemp -d)
  cat > "$_mmoe_probe/Probe.csproj" <<PROBE
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="LLamaSharp" Version="$(sed -n 's/.*PackageVersion Include="LLamaSharp" Version="\([^"]*\)".*/\1/p' "$_mmoe_root/Directory.Packages.props")" /></ItemGroup>
</Project>
PROBE
  if (cd "$_mmoe_root" && dotnet restore "$_mmoe_probe/Probe.csproj" >/dev/null 2>&1); then
    export WithLlamaSharp=true
  else
    export WithLlamaSharp=false
    echo "LLamaSharp is not available from the configured package sources: building without the LLamaSharp backend (WithLlamaSharp=false)." >&2
  fi
  rm -rf "$_mmoe_probe"
  unset _mmoe_root _mmoe_probe
fi
