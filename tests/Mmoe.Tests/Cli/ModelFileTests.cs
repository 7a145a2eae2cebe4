using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mmoe.Cli;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Cli;

/// <summary>
/// Broken model folders given to <c>detect --model</c> and <c>mcp --model</c>: each fails at load with one error line
/// naming the file and the field, never with an unhandled exception or a message cut short.
/// </summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Manifests => new()
    {
        { "files", "field 'files' is missing or empty" },
        { "heads", "field 'heads' must list" },
        { "labels", "field 'labels' must list two class names" },
        { "featurizer", "field 'featurizer' is missing" },
        { "id", "field 'id' must be a non-empty name" },
        { "sha256", "field 'files[0].sha256' must be 64 hexadecimal digits" },
        { "dimension-overflow", "the value at $.featurizer.dimension has the wrong type or is out of range" },
        { "featurizer-option-type", "field 'featurizer.configuration' is not a valid 'hashed-ngrams' configuration: the value at $.utteranceWordBits has the wrong type or is out of range" },
        { "featurizer-option-range", "field 'featurizer.configuration' is not a valid 'hashed-ngrams' configuration: Character n-gram sizes" },
        { "algorithm-version-type", "field 'featurizer.configuration' is not a valid 'hashed-ngrams' configuration" },
    };

    public static TheoryData<string, string> WeightFiles => new()
    {
        { "shape-overflow", "weights.bin: tensor 'heads.weight' has shape [1073741824, ...], more values than the file's remaining" },
        { "nan-weight", "weights.bin: tensor 'heads.weight' holds a non-finite value (NaN) at index 0" },
        { "infinite-bias", "weights.bin: tensor 'heads.bias' holds a non-finite value (Infinity) at index 0" },
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task A_bad_manifest_field_is_named_by_detect_and_mcp(string broken, string expected)
    {
        var folder = Copy(broken, manifest => Break(manifest, broken), weights => weights);

        await AssertRefusedAsync(folder, expected, "manifest.json");
    }

    [Theory]
    [MemberData(nameof(WeightFiles))]
    public async Task Bad_weights_are_named_by_detect_and_mcp(string broken, string expected)
    {
        var folder = Copy(broken, _ => { }, weights => BreakWeights(weights, broken));

        await AssertRefusedAsync(folder, expected, "weights.bin");
    }

    private static async Task AssertRefusedAsync(string folder, string expected, string file)
    {
        foreach (var args in new[] { new[] { "detect", "--model", folder, "Oh great" }, ["mcp", "--model", folder] })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exitCode = await MmoeCommandLine.InvokeAsync(args, new CliContext(output, error));

            Assert.Equal(1, exitCode);
            Assert.Empty(output.ToString());
            var message = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: model folder ", message, StringComparison.Ordinal);
            Assert.Contains(file, message, StringComparison.Ordinal);
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }
    }

    private static void Break(JsonObject manifest, string broken)
    {
        var options = manifest["featurizer"]!["configuration"]!["options"]!.AsObject();
        switch (broken)
        {
            case "files": manifest["files"] = null; break;
            case "heads": manifest["heads"] = null; break;
            case "labels": manifest["labels"] = new JsonArray("only-one"); break;
            case "featurizer": manifest["featurizer"] = null; break;
            case "id": manifest["id"] = ""; break;
            case "sha256": manifest["files"]![0]!["sha256"] = "abc"; break;
            case "dimension-overflow": manifest["featurizer"]!["dimension"] = 99999999999; break;
            case "featurizer-option-type": options["utteranceWordBits"] = "eleven"; break;
            case "featurizer-option-range": options["charNgramMin"] = 9; break;
            case "algorithm-version-type": manifest["featurizer"]!["configuration"]!["algorithmVersion"] = "one"; break;
            default: throw new ArgumentOutOfRangeException(nameof(broken), broken, null);
        }
    }

    /// <summary>Rewrites the first value of a tensor, or the first tensor's shape; the manifest's size and hash are updated to match.</summary>
    private static byte[] BreakWeights(byte[] weights, string broken)
    {
        // Layout: magic(8) count(4) | name length(4) name rank(4) dims(4·rank) type(4) data...
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(weights.AsSpan(12));
        var rankAt = 16 + nameLength;
        var rank = BinaryPrimitives.ReadInt32LittleEndian(weights.AsSpan(rankAt));
        var dataAt = rankAt + 4 + (4 * rank) + 4;
        switch (broken)
        {
            case "shape-overflow":
                // 2^30 · 2^30 · 3 wraps a 64-bit element count to a negative byte count.
                return [.. weights[..rankAt], .. Int32(3), .. Int32(1 << 30), .. Int32(1 << 30), .. Int32(3), .. Int32(1)];
            case "nan-weight":
                BinaryPrimitives.WriteSingleLittleEndian(weights.AsSpan(dataAt), float.NaN);
                return weights;
            case "infinite-bias":
                var rows = BinaryPrimitives.ReadInt32LittleEndian(weights.AsSpan(rankAt + 4));
                var columns = BinaryPrimitives.ReadInt32LittleEndian(weights.AsSpan(rankAt + 8));
                var second = dataAt + (rows * columns * 4);
                var secondName = BinaryPrimitives.ReadInt32LittleEndian(weights.AsSpan(second));
                var secondRank = BinaryPrimitives.ReadInt32LittleEndian(weights.AsSpan(second + 4 + secondName));
                BinaryPrimitives.WriteSingleLittleEndian(weights.AsSpan(second + 4 + secondName + 4 + (4 * secondRank) + 4), float.PositiveInfinity);
                return weights;
            default:
                throw new ArgumentOutOfRangeException(nameof(broken), broken, null);
        }
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private string Copy(string name, Action<JsonObject> editManifest, Func<byte[], byte[]> editWeights)
    {
        // The file-format checks need a hashed-ngrams manifest (their edits name its options); the n-gram model is one.
        var source = Path.Combine(RepositoryRoot(), "models", "mmsd-ngram");
        var folder = Path.Combine(_temp.Path, name);
        Directory.CreateDirectory(folder);
        var weights = editWeights(File.ReadAllBytes(Path.Combine(source, "weights.bin")));
        File.WriteAllBytes(Path.Combine(folder, "weights.bin"), weights);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "manifest.json")))!.AsObject();
        manifest["files"]![0]!["bytes"] = weights.Length;
        manifest["files"]![0]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(weights));
        editManifest(manifest);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());
        return folder;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agents.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Agents.sln above {AppContext.BaseDirectory}.");
    }
}
