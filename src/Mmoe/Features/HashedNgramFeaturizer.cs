using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mmoe.Features;

/// <summary>
/// A featurizer that needs no download: signed, hashed word n-grams and character n-grams of the utterance, its
/// dialogue context and the caption, plus utterance-word × caption-word cross features. Each kind of feature has its
/// own block and is scaled to unit length, so long captions do not drown short utterances.
/// </summary>
public sealed class HashedNgramFeaturizer : IPostFeaturizer
{
    public const string FeaturizerName = "hashed-ngrams";

    /// <summary>Bumped whenever the features for the same text change, so old models are refused rather than misread.</summary>
    public const int AlgorithmVersion = 1;

    private const uint UtteranceWordSeed = 0x9E3779B1;
    private const uint UtteranceCharSeed = 0x85EBCA77;
    private const uint ContextWordSeed = 0xC2B2AE3D;
    private const uint CaptionWordSeed = 0x27D4EB2F;
    private const uint CaptionCharSeed = 0x165667B1;
    private const uint CrossSeed = 0xD3A2646C;
    private const uint SpeakerSeed = 0xFD7046C5;

    private readonly FeatureBlock? _utteranceWords;
    private readonly FeatureBlock? _utteranceChars;
    private readonly FeatureBlock? _contextWords;
    private readonly FeatureBlock? _captionWords;
    private readonly FeatureBlock? _captionChars;
    private readonly FeatureBlock? _cross;

    public HashedNgramFeaturizer(HashedNgramOptions? options = null)
    {
        Options = options ?? new HashedNgramOptions();
        Options.Validate();
        var blocks = new List<FeatureBlock>();
        var start = 0;
        FeatureBlock? Add(string name, FeatureModality modality, int bits)
        {
            if (bits == 0)
            {
                return null;
            }

            var block = new FeatureBlock(name, modality, start, 1 << bits);
            start += block.Length;
            blocks.Add(block);
            return block;
        }

        _utteranceWords = Add("utterance_words", FeatureModality.Text, Options.UtteranceWordBits);
        _utteranceChars = Add("utterance_chars", FeatureModality.Text, Options.UtteranceCharBits);
        _contextWords = Add("context_words", FeatureModality.Text, Options.ContextWordBits);
        _captionWords = Add("caption_words", FeatureModality.Image, Options.CaptionWordBits);
        _captionChars = Add("caption_chars", FeatureModality.Image, Options.CaptionCharBits);
        _cross = Add("text_x_caption", FeatureModality.Cross, Options.CrossBits);
        Blocks = blocks;
        Dimension = start;
    }

    public HashedNgramOptions Options { get; }

    public string Name => FeaturizerName;

    public int Dimension { get; }

    public IReadOnlyList<FeatureBlock> Blocks { get; }

    public JsonObject Configuration => new()
    {
        ["algorithmVersion"] = AlgorithmVersion,
        ["options"] = JsonSerializer.SerializeToNode(Options, FeatureJson.Options),
    };

    /// <summary>Rebuilds the featurizer a manifest describes; fails clearly on another algorithm version.</summary>
    public static HashedNgramFeaturizer FromConfiguration(JsonObject configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var version = configuration["algorithmVersion"]?.GetValue<int>()
            ?? throw new InvalidDataException("The hashed-ngrams featurizer configuration has no 'algorithmVersion'.");
        if (version != AlgorithmVersion)
        {
            throw new InvalidDataException(
                $"The model was trained with hashed-ngrams algorithm version {version}; this build computes version {AlgorithmVersion}. Retrain the model with this build.");
        }

        var options = configuration["options"]?.Deserialize<HashedNgramOptions>(FeatureJson.Options)
            ?? throw new InvalidDataException("The hashed-ngrams featurizer configuration has no 'options'.");
        return new HashedNgramFeaturizer(options);
    }

    public Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Featurize(post));
    }

    public Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var vectors = new FeatureVector[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors[i] = Featurize(posts[i]);
        }

        return Task.FromResult<IReadOnlyList<FeatureVector>>(vectors);
    }

    /// <summary>The synchronous core of <see cref="FeaturizeAsync"/>: pure computation, safe from any thread.</summary>
    public FeatureVector Featurize(SocialPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var output = new FeatureAccumulator();
        try
        {
            var utterance = TextTokens.Normalize(Options.SocialPlaceholders ? TextTokens.SocialPlaceholders(post.Text) : post.Text);
            var utteranceWords = TextTokens.WordHashes(utterance);
            if (_utteranceWords is { } uw)
            {
                output.BeginBlock(uw);
                AddWordNgrams(output, utteranceWords, UtteranceWordSeed);
                if (Options.IncludeSpeaker && !string.IsNullOrWhiteSpace(post.Speaker))
                {
                    output.Add(Mix(TextTokens.Hash(post.Speaker.Trim().ToLowerInvariant(), SpeakerSeed)));
                }

                output.EndBlock();
            }

            if (_utteranceChars is { } uc)
            {
                output.BeginBlock(uc);
                AddCharNgrams(output, utterance, UtteranceCharSeed);
                output.EndBlock();
            }

            if (_contextWords is { } cw && Options.ContextTurns > 0 && post.Context.Count > 0)
            {
                output.BeginBlock(cw);
                for (var i = Math.Max(0, post.Context.Count - Options.ContextTurns); i < post.Context.Count; i++)
                {
                    var turn = TextTokens.Normalize(post.Context[i].Text);
                    AddWordNgrams(output, TextTokens.WordHashes(turn), ContextWordSeed);
                }

                output.EndBlock();
            }

            if (!string.IsNullOrWhiteSpace(post.Caption))
            {
                var caption = TextTokens.Normalize(post.Caption);
                var captionWords = TextTokens.WordHashes(caption);
                if (_captionWords is { } capw)
                {
                    output.BeginBlock(capw);
                    AddWordNgrams(output, captionWords, CaptionWordSeed);
                    output.EndBlock();
                }

                if (_captionChars is { } capc)
                {
                    output.BeginBlock(capc);
                    AddCharNgrams(output, caption, CaptionCharSeed);
                    output.EndBlock();
                }

                if (_cross is { } cross)
                {
                    output.BeginBlock(cross);
                    var textSet = Distinct(utteranceWords);
                    var captionSet = Distinct(captionWords);
                    foreach (var t in textSet)
                    {
                        foreach (var c in captionSet)
                        {
                            output.Add(Mix((t * 0x01000193u) ^ c ^ CrossSeed));
                        }
                    }

                    output.EndBlock();
                }
            }

            return output.ToVector(Dimension);
        }
        finally
        {
            output.Dispose();
        }
    }

    private static void AddWordNgrams(FeatureAccumulator output, List<uint> words, uint seed)
    {
        for (var i = 0; i < words.Count; i++)
        {
            output.Add(Mix(words[i] ^ seed));
            if (i > 0)
            {
                output.Add(Mix((words[i - 1] * 0x01000193u) ^ words[i] ^ (seed * 31)));
            }
        }
    }

    private void AddCharNgrams(FeatureAccumulator output, string text, uint seed)
    {
        // The normalized text is padded with one space each side, so word starts and ends form their own n-grams.
        for (var n = Options.CharNgramMin; n <= Options.CharNgramMax; n++)
        {
            var nSeed = seed + (uint)n;
            for (var i = 0; i + n <= text.Length; i++)
            {
                output.Add(Mix(TextTokens.Hash(text.AsSpan(i, n), nSeed)));
            }
        }
    }

    private static ArraySegment<uint> Distinct(List<uint> words)
    {
        var hashes = words.ToArray();
        Array.Sort(hashes);
        var count = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i == 0 || hashes[i] != hashes[i - 1])
            {
                hashes[count++] = hashes[i];
            }
        }

        return new ArraySegment<uint>(hashes, 0, count);
    }

    /// <summary>MurmurHash3's finalizer: spreads every input bit over the whole word.</summary>
    internal static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    /// <summary>Collects hashed features block by block, then sums duplicates and scales each block to unit length.</summary>
    private sealed class FeatureAccumulator : IDisposable
    {
        private int[] _indices = ArrayPool<int>.Shared.Rent(4096);
        private float[] _values = ArrayPool<float>.Shared.Rent(4096);
        private int _count;
        private int _blockStart;
        private FeatureBlock? _block;

        public void BeginBlock(FeatureBlock block)
        {
            _block = block;
            _blockStart = _count;
        }

        /// <summary>Adds ±1 at the block offset the hash picks; the top bit picks the sign, so collisions tend to cancel.</summary>
        public void Add(uint hash)
        {
            var block = _block!;
            if (_count == _indices.Length)
            {
                Grow();
            }

            _indices[_count] = block.Start + (int)(hash & (uint)(block.Length - 1));
            _values[_count] = (hash & 0x80000000u) != 0 ? -1f : 1f;
            _count++;
        }

        public void EndBlock()
        {
            var keys = _indices.AsSpan(_blockStart, _count - _blockStart);
            var values = _values.AsSpan(_blockStart, _count - _blockStart);
            keys.Sort(values);
            var write = 0;
            for (var read = 0; read < keys.Length; read++)
            {
                if (write > 0 && keys[write - 1] == keys[read])
                {
                    values[write - 1] += values[read];
                }
                else
                {
                    keys[write] = keys[read];
                    values[write] = values[read];
                    write++;
                }
            }

            // Drop features whose signs cancelled, then scale the block to unit L2 norm.
            var kept = 0;
            double norm = 0;
            for (var i = 0; i < write; i++)
            {
                if (values[i] != 0)
                {
                    keys[kept] = keys[i];
                    values[kept] = values[i];
                    norm += (double)values[i] * values[i];
                    kept++;
                }
            }

            if (kept > 0)
            {
                var scale = (float)(1 / Math.Sqrt(norm));
                for (var i = 0; i < kept; i++)
                {
                    values[i] *= scale;
                }
            }

            _count = _blockStart + kept;
            _block = null;
        }

        public FeatureVector ToVector(int dimension) =>
            new(dimension, _indices.AsSpan(0, _count).ToArray(), _values.AsSpan(0, _count).ToArray());

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(_indices);
            ArrayPool<float>.Shared.Return(_values);
        }

        private void Grow()
        {
            var indices = ArrayPool<int>.Shared.Rent(_indices.Length * 2);
            var values = ArrayPool<float>.Shared.Rent(_values.Length * 2);
            _indices.AsSpan(0, _count).CopyTo(indices);
            _values.AsSpan(0, _count).CopyTo(values);
            ArrayPool<int>.Shared.Return(_indices);
            ArrayPool<float>.Shared.Return(_values);
            _indices = indices;
            _values = values;
        }
    }
}
