using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mmoe.Features;

namespace Mmoe.Onnx;

/// <summary>
/// Features from a CLIP-style dual encoder run by ONNX Runtime: with L2-normalised image and text embeddings
/// <c>img</c> and <c>txt</c> (D values each) the vector is <c>[img; txt; img⊙txt; |img−txt|]</c> (4·D values), so
/// linear experts can weigh image–text interactions. A post without an image has zeros in the image part and in
/// both cross parts. The text encoder reads the utterance (<see cref="SocialPost.Text"/>), truncated to the
/// tokenizer's context length. Sessions are created once; posts are encoded in batches of
/// <see cref="OnnxClipOptions.BatchSize"/>.
/// </summary>
public sealed class OnnxClipFeaturizer : IPostFeaturizer, IDisposable
{
    public const string FeaturizerName = "onnx-clip";

    /// <summary>Bumped whenever the features for the same encoders change, so old models are refused rather than misread.</summary>
    public const int AlgorithmVersion = 1;

    private readonly OnnxClipOptions _options;
    private readonly InferenceSession _vision;
    private readonly InferenceSession _text;
    private readonly RunOptions _runOptions = new();
    private readonly ImagePreprocessor _images;
    private readonly ClipTokenizer _tokenizer;
    private readonly string[] _textInputs;
    private readonly string _fingerprint;

    // Every vector of one kind lists the same indices; FeatureVector never mutates them, so they are shared.
    private readonly int[] _textBlockIndices;
    private readonly int[] _allIndices;

    public OnnxClipFeaturizer(OnnxClipOptions options, ILogger<OnnxClipFeaturizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options with { };
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var directory = options.ModelDirectory;
        var settings = ImagePreprocessing.Load(Path.Combine(directory, ImagePreprocessing.FileName));
        _images = new ImagePreprocessor(settings);
        try
        {
            _vision = OnnxSessions.Open(directory, options.ImageEncoderFile, "CLIP image encoder", options.Runtime, log);
            _text = OnnxSessions.Open(directory, options.TextEncoderFile, "CLIP text encoder", options.Runtime, log);
            var vision = new OnnxContract(_vision, $"CLIP image encoder '{options.ImageEncoderFile}'");
            vision.RequireInput(options.PixelValuesInput, TensorElementType.Float, OnnxContract.Any, 3, _images.Height, _images.Width);
            vision.RejectOtherInputs([options.PixelValuesInput]);
            var imageDims = vision.RequireOutput(options.ImageEmbedsOutput, TensorElementType.Float, OnnxContract.Any, OnnxContract.Any);

            var text = new OnnxContract(_text, $"CLIP text encoder '{options.TextEncoderFile}'");
            var idDims = text.RequireInput(options.InputIdsInput, TensorElementType.Int64, OnnxContract.Any, OnnxContract.Any);
            _textInputs = text.HasInput(options.AttentionMaskInput) ? [options.InputIdsInput, options.AttentionMaskInput] : [options.InputIdsInput];
            if (_textInputs.Length == 2)
            {
                text.RequireInput(options.AttentionMaskInput, TensorElementType.Int64, OnnxContract.Any, idDims[1]);
            }

            text.RejectOtherInputs(_textInputs);
            var textDims = text.RequireOutput(options.TextEmbedsOutput, TensorElementType.Float, OnnxContract.Any, imageDims[1]);
            _tokenizer = ClipTokenizer.Load(directory, Math.Max(idDims[1], 0));
            EmbeddingDimension = imageDims[1] > 0 ? imageDims[1] : textDims[1] > 0 ? textDims[1] : ProbeTextDimension();
            _fingerprint = Fingerprint(directory, [options.ImageEncoderFile, options.TextEncoderFile, BpeFiles.VocabFileName, BpeFiles.MergesFileName, ImagePreprocessing.FileName]);
        }
        catch
        {
            Dispose();
            throw;
        }

        var d = EmbeddingDimension;
        _textBlockIndices = Enumerable.Range(d, d).ToArray();
        _allIndices = Enumerable.Range(0, 4 * d).ToArray();
        Blocks =
        [
            new FeatureBlock("image_embedding", FeatureModality.Image, 0, d),
            new FeatureBlock("text_embedding", FeatureModality.Text, d, d),
            new FeatureBlock("image_x_text", FeatureModality.Cross, 2 * d, d),
            new FeatureBlock("image_text_distance", FeatureModality.Cross, 3 * d, d),
        ];
        log.LogInformation(
            "Loaded the CLIP encoders from {Folder}: {Dimension}-dimensional embeddings, {Height}×{Width} images, {Context}-token texts.",
            Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), d, _images.Height, _images.Width, _tokenizer.ContextLength);
    }

    public string Name => FeaturizerName;

    /// <summary>Length of one embedding (D); <see cref="Dimension"/> is 4·D.</summary>
    public int EmbeddingDimension { get; }

    public int Dimension => 4 * EmbeddingDimension;

    public IReadOnlyList<FeatureBlock> Blocks { get; }

    public JsonObject Configuration => new()
    {
        ["algorithmVersion"] = AlgorithmVersion,
        ["embeddingDimension"] = EmbeddingDimension,
        ["contextLength"] = _tokenizer.ContextLength,
        ["imageSize"] = new JsonArray(_images.Height, _images.Width),
        ["imageEncoderFile"] = _options.ImageEncoderFile,
        ["textEncoderFile"] = _options.TextEncoderFile,
        ["pixelValuesInput"] = _options.PixelValuesInput,
        ["imageEmbedsOutput"] = _options.ImageEmbedsOutput,
        ["inputIdsInput"] = _options.InputIdsInput,
        ["attentionMaskInput"] = _options.AttentionMaskInput,
        ["textEmbedsOutput"] = _options.TextEmbedsOutput,
        ["fingerprint"] = _fingerprint,
    };

    /// <summary>
    /// Opens the encoders in <paramref name="modelDirectory"/> as a model manifest's configuration describes them,
    /// and fails clearly when they are not the encoders the model was trained with.
    /// </summary>
    public static OnnxClipFeaturizer FromConfiguration(
        JsonObject configuration, string modelDirectory, OnnxRuntimeOptions? runtime = null, ILogger<OnnxClipFeaturizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string Text(string key) => configuration[key]?.GetValue<string>()
            ?? throw new InvalidDataException($"The onnx-clip featurizer configuration has no '{key}'.");
        var version = configuration["algorithmVersion"]?.GetValue<int>()
            ?? throw new InvalidDataException("The onnx-clip featurizer configuration has no 'algorithmVersion'.");
        if (version != AlgorithmVersion)
        {
            throw new InvalidDataException(
                $"The model was trained with onnx-clip algorithm version {version}; this build computes version {AlgorithmVersion}. Retrain the model with this build.");
        }

        var featurizer = new OnnxClipFeaturizer(
            new OnnxClipOptions
            {
                ModelDirectory = modelDirectory,
                ImageEncoderFile = Text("imageEncoderFile"),
                TextEncoderFile = Text("textEncoderFile"),
                PixelValuesInput = Text("pixelValuesInput"),
                ImageEmbedsOutput = Text("imageEmbedsOutput"),
                InputIdsInput = Text("inputIdsInput"),
                AttentionMaskInput = Text("attentionMaskInput"),
                TextEmbedsOutput = Text("textEmbedsOutput"),
                Runtime = runtime ?? new OnnxRuntimeOptions(),
            },
            logger);
        if (featurizer._fingerprint != Text("fingerprint"))
        {
            featurizer.Dispose();
            throw new InvalidDataException(
                "The CLIP folder holds other encoders, tokenizer or image settings than the model was trained with (their fingerprints differ). Point at the CLIP folder used by 'mmoe train', or retrain.");
        }

        return featurizer;
    }

    public async Task<FeatureVector> FeaturizeAsync(SocialPost post, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        var vectors = await FeaturizeBatchAsync([post], cancellationToken).ConfigureAwait(false);
        return vectors[0];
    }

    public async Task<IReadOnlyList<FeatureVector>> FeaturizeBatchAsync(IReadOnlyList<SocialPost> posts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var vectors = new FeatureVector[posts.Count];
        for (var start = 0; start < posts.Count; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, posts.Count - start);
            var encoded = new byte[]?[count];
            for (var i = 0; i < count; i++)
            {
                if (posts[start + i].Image is { } image)
                {
                    encoded[i] = await ImagePreprocessor.ReadAsync(image, cancellationToken).ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            EncodeChunk(posts, start, encoded, vectors);
        }

        return vectors;
    }

    public void Dispose()
    {
        _vision?.Dispose();
        _text?.Dispose();
        _runOptions.Dispose();
    }

    private void EncodeChunk(IReadOnlyList<SocialPost> posts, int start, byte[]?[] encoded, FeatureVector[] vectors)
    {
        var count = encoded.Length;
        var d = EmbeddingDimension;
        var text = EncodeTexts(Enumerable.Range(start, count).Select(i => posts[i].Text).ToArray());
        var withImage = Enumerable.Range(0, count).Where(i => encoded[i] is not null).ToArray();
        var image = withImage.Length == 0 ? [] : EncodeImages(withImage.Select(i => encoded[i]!).ToArray(), withImage.Select(i => Label(posts[start + i], start + i)).ToArray());
        var imageRow = new int[count];
        Array.Fill(imageRow, -1);
        for (var k = 0; k < withImage.Length; k++)
        {
            imageRow[withImage[k]] = k;
        }

        for (var i = 0; i < count; i++)
        {
            var txt = text.AsSpan(i * d, d);
            if (imageRow[i] < 0)
            {
                // No image: only the text block is set; the image and cross blocks stay zero.
                vectors[start + i] = new FeatureVector(Dimension, _textBlockIndices, txt.ToArray());
                continue;
            }

            var img = image.AsSpan(imageRow[i] * d, d);
            var values = new float[4 * d];
            img.CopyTo(values);
            txt.CopyTo(values.AsSpan(d));
            for (var j = 0; j < d; j++)
            {
                values[(2 * d) + j] = img[j] * txt[j];
                values[(3 * d) + j] = MathF.Abs(img[j] - txt[j]);
            }

            vectors[start + i] = new FeatureVector(Dimension, _allIndices, values);
        }
    }

    /// <summary>L2-normalised text embeddings, row-major [texts.Length, D].</summary>
    internal float[] EncodeTexts(IReadOnlyList<string> texts)
    {
        var length = _tokenizer.ContextLength;
        var ids = new long[texts.Count * length];
        var mask = new long[texts.Count * length];
        for (var i = 0; i < texts.Count; i++)
        {
            _tokenizer.Encode(texts[i], ids.AsSpan(i * length, length), mask.AsSpan(i * length, length));
        }

        long[] shape = [texts.Count, length];
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        OrtValue[] inputs = _textInputs.Length == 2 ? [idValue, maskValue] : [idValue];
        return RunEmbedding(_text, _textInputs, inputs, _options.TextEmbedsOutput, texts.Count, "CLIP text encoder");
    }

    /// <summary>L2-normalised image embeddings of encoded images, row-major [images.Length, D].</summary>
    internal float[] EncodeImages(byte[][] images, string[] labels)
    {
        var size = _images.ValuesPerImage;
        var pixels = new float[images.Length * size];
        try
        {
            Parallel.For(0, images.Length, i => _images.Preprocess(images[i], pixels.AsSpan(i * size, size), labels[i]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }

        using var value = OrtValue.CreateTensorValueFromMemory(pixels, [images.Length, 3, _images.Height, _images.Width]);
        return RunEmbedding(_vision, [_options.PixelValuesInput], [value], _options.ImageEmbedsOutput, images.Length, "CLIP image encoder");
    }

    private float[] RunEmbedding(InferenceSession session, string[] inputNames, OrtValue[] inputs, string output, int rows, string role)
    {
        using var results = session.Run(_runOptions, inputNames, inputs, [output]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        var d = EmbeddingDimension;
        if (shape.Length != 2 || shape[0] != rows || (d > 0 && shape[1] != d))
        {
            throw new InvalidDataException($"The {role} returned '{output}' of shape [{string.Join(", ", shape)}]; expected [{rows}, {(d > 0 ? d : "D")}].");
        }

        var embeddings = results[0].GetTensorDataAsSpan<float>().ToArray();
        var width = (int)shape[1];
        for (var r = 0; r < rows; r++)
        {
            var row = embeddings.AsSpan(r * width, width);
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(row));
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            }
        }

        return embeddings;
    }

    /// <summary>The text encoder's output width when the graph leaves it symbolic.</summary>
    private int ProbeTextDimension() => EncodeTexts([""]).Length;

    private static string Label(SocialPost post, int index) =>
        post.Id is { Length: > 0 } id ? $"The image of post '{id}'" : $"The image of post #{index + 1}";

    /// <summary>
    /// Identifies the encoders and settings cheaply: the full small files, and the size plus first and last MiB of
    /// each model (hashing gigabytes on every load would cost seconds).
    /// </summary>
    private static string Fingerprint(string directory, IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var name in files)
        {
            using var stream = File.OpenRead(Path.Combine(directory, name));
            hash.AppendData(BitConverter.GetBytes(stream.Length));
            var head = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            hash.AppendData(buffer, 0, head);
            if (stream.Length > 2L * buffer.Length)
            {
                stream.Seek(-buffer.Length, SeekOrigin.End);
            }

            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
