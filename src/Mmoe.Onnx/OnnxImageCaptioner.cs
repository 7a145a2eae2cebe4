using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using Mmoe.Detection;

namespace Mmoe.Onnx;

/// <summary>
/// Image-to-text without an LLM: a vision encoder–decoder exported to ONNX (encoder, first-step decoder and
/// decoder with past key values), decoded greedily up to a length limit and detokenized with the model's byte-level
/// BPE (GPT-2 style <c>vocab.json</c> + <c>merges.txt</c>). Sessions are created once; images are captioned in
/// batches that decode in lockstep.
/// </summary>
public sealed class OnnxImageCaptioner : IImageToText, IDisposable
{
    private const string PastPrefix = "past_key_values";
    private const string PresentPrefix = "present";
    private const string PixelValues = "pixel_values";
    private const string LastHiddenState = "last_hidden_state";
    private const string InputIds = "input_ids";
    private const string EncoderHiddenStates = "encoder_hidden_states";
    private const string EncoderAttentionMask = "encoder_attention_mask";
    private const string AttentionMask = "attention_mask";
    private const string Logits = "logits";

    private readonly OnnxCaptionerOptions _options;
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly InferenceSession _decoderWithPast;
    private readonly RunOptions _runOptions = new();
    private readonly ImagePreprocessor _images;
    private readonly BpeTokenizer _tokenizer;
    private readonly CaptionerGenerationConfig _generation;
    private readonly string[] _decoderOutputs;
    private readonly string[] _decoderWithPastOutputs;

    public OnnxImageCaptioner(OnnxCaptionerOptions options, ILogger<OnnxImageCaptioner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options with { };
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var directory = options.ModelDirectory;
        _images = new ImagePreprocessor(ImagePreprocessing.Load(Path.Combine(directory, ImagePreprocessing.FileName)));
        _generation = CaptionerGenerationConfig.Resolve(options);
        var (vocab, merges) = BpeFiles.Find(directory, "the captioner's tokenizer");
        _tokenizer = BpeFiles.Create(new BpeOptions(vocab, merges) { ByteLevel = true, UnknownToken = null });
        try
        {
            _encoder = OnnxSessions.Open(directory, options.EncoderFile, "captioner encoder", options.Runtime, log);
            _decoder = OnnxSessions.Open(directory, options.DecoderFile, "captioner decoder", options.Runtime, log);
            _decoderWithPast = OnnxSessions.Open(directory, options.DecoderWithPastFile, "captioner decoder with past", options.Runtime, log);

            var encoder = new OnnxContract(_encoder, $"captioner encoder '{options.EncoderFile}'");
            encoder.RequireInput(PixelValues, TensorElementType.Float, OnnxContract.Any, 3, _images.Height, _images.Width);
            encoder.RejectOtherInputs([PixelValues]);
            encoder.RequireOutput(LastHiddenState, TensorElementType.Float, OnnxContract.Any, OnnxContract.Any, OnnxContract.Any);

            _decoderOutputs = CheckDecoder(_decoder, $"captioner decoder '{options.DecoderFile}'", []);
            _decoderWithPastOutputs = CheckDecoder(_decoderWithPast, $"captioner decoder with past '{options.DecoderWithPastFile}'", _decoderOutputs);
        }
        catch
        {
            Dispose();
            throw;
        }

        log.LogInformation(
            "Loaded the ONNX captioner from {Folder}: {Height}×{Width} images, captions of at most {Max} tokens.",
            Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), _images.Height, _images.Width, _generation.MaxNewTokens);
    }

    /// <summary>Most tokens one caption may have.</summary>
    public int MaxNewTokens => _generation.MaxNewTokens;

    public async Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var captions = await CaptionBatchAsync([image], cancellationToken).ConfigureAwait(false);
        return captions[0].Text;
    }

    /// <summary>Captions many images; the results come back in the images' order.</summary>
    public async Task<IReadOnlyList<ImageCaption>> CaptionBatchAsync(IReadOnlyList<PostImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var captions = new ImageCaption[images.Count];
        for (var start = 0; start < images.Count; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, images.Count - start);
            var encoded = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                encoded[i] = await ImagePreprocessor.ReadAsync(images[start + i], cancellationToken).ConfigureAwait(false);
            }

            var size = _images.ValuesPerImage;
            var pixels = new float[count * size];
            try
            {
                Parallel.For(0, count, i => _images.Preprocess(encoded[i], pixels.AsSpan(i * size, size), $"Image #{start + i + 1}"));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }

            var tokens = Generate(pixels, count, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var ids = tokens[i].Ids;
                captions[start + i] = new ImageCaption(_tokenizer.Decode(ids, considerSpecialTokens: false).Trim(), ids, tokens[i].Truncated);
            }
        }

        return captions;
    }

    public void Dispose()
    {
        _encoder?.Dispose();
        _decoder?.Dispose();
        _decoderWithPast?.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>Greedy decoding of <paramref name="count"/> preprocessed images in lockstep.</summary>
    private (int[] Ids, bool Truncated)[] Generate(float[] pixels, int count, CancellationToken cancellationToken)
    {
        using var pixelValue = OrtValue.CreateTensorValueFromMemory(pixels, [count, 3, _images.Height, _images.Width]);
        using var encoded = _encoder.Run(_runOptions, [PixelValues], [pixelValue], [LastHiddenState]);
        var encoderStates = encoded[0];
        var encoderLength = encoderStates.GetTensorTypeAndShape().Shape[1];
        var encoderMask = new long[count * encoderLength];
        Array.Fill(encoderMask, 1L);
        using var encoderMaskValue = OrtValue.CreateTensorValueFromMemory(encoderMask, [count, encoderLength]);

        var generated = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var finished = new bool[count];
        var next = new long[count];
        Array.Fill(next, _generation.StartTokenId);
        var past = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        IDisposableReadOnlyCollection<OrtValue>? firstStep = null;
        IDisposableReadOnlyCollection<OrtValue>? previousStep = null;
        try
        {
            for (var step = 0; step < _generation.MaxNewTokens; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var session = step == 0 ? _decoder : _decoderWithPast;
                var outputs = step == 0 ? _decoderOutputs : _decoderWithPastOutputs;
                var attention = new long[count * (step + 1)];
                Array.Fill(attention, 1L);
                using var idsValue = OrtValue.CreateTensorValueFromMemory(next, [count, 1]);
                using var attentionValue = OrtValue.CreateTensorValueFromMemory(attention, [count, step + 1]);
                var names = new List<string>();
                var values = new List<OrtValue>();
                foreach (var name in session.InputNames)
                {
                    names.Add(name);
                    values.Add(name switch
                    {
                        InputIds => idsValue,
                        EncoderHiddenStates => encoderStates,
                        EncoderAttentionMask => encoderMaskValue,
                        AttentionMask => attentionValue,
                        _ => past[name],
                    });
                }

                var results = session.Run(_runOptions, names, values, outputs);
                PickNext(results[0], generated, finished, next);
                for (var o = 1; o < outputs.Length; o++)
                {
                    past[PastPrefix + outputs[o][PresentPrefix.Length..]] = results[o];
                }

                // The first step's outputs may hold cross-attention keys that later steps keep reading; other steps' are replaced.
                if (step == 0)
                {
                    firstStep = results;
                }
                else
                {
                    previousStep?.Dispose();
                    previousStep = results;
                }

                if (finished.All(f => f))
                {
                    break;
                }
            }
        }
        finally
        {
            previousStep?.Dispose();
            firstStep?.Dispose();
        }

        return generated.Select((ids, i) => (ids.ToArray(), !finished[i])).ToArray();
    }

    private void PickNext(OrtValue logits, List<int>[] generated, bool[] finished, long[] next)
    {
        var shape = logits.GetTensorTypeAndShape().Shape;
        var vocabulary = (int)shape[^1];
        var steps = (int)shape[1];
        var all = logits.GetTensorDataAsSpan<float>();
        for (var i = 0; i < finished.Length; i++)
        {
            if (finished[i])
            {
                next[i] = _generation.EndTokenIds[0];
                continue;
            }

            var row = all.Slice(((i * steps) + steps - 1) * vocabulary, vocabulary);
            var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            next[i] = best;
            if (_generation.EndTokenIds.Contains(best))
            {
                finished[i] = true;
            }
            else
            {
                generated[i].Add(best);
            }
        }
    }

    /// <summary>
    /// Checks a decoder's inputs and returns the outputs to request: logits first, then every present.* tensor.
    /// A past_key_values.* input must be fed by a present.* output of this graph or of the first-step decoder.
    /// </summary>
    private static string[] CheckDecoder(InferenceSession session, string role, IReadOnlyCollection<string> firstStepOutputs)
    {
        var contract = new OnnxContract(session, role);
        contract.RequireInput(InputIds, TensorElementType.Int64, OnnxContract.Any, OnnxContract.Any);
        contract.RequireOutput(Logits, TensorElementType.Float, OnnxContract.Any, OnnxContract.Any, OnnxContract.Any);
        var presents = session.OutputNames.Where(n => n.StartsWith(PresentPrefix, StringComparison.Ordinal)).ToArray();
        var known = new List<string> { InputIds, EncoderHiddenStates, EncoderAttentionMask, AttentionMask };
        foreach (var input in session.InputNames.Where(n => n.StartsWith(PastPrefix, StringComparison.Ordinal)))
        {
            var present = PresentPrefix + input[PastPrefix.Length..];
            if (!presents.Contains(present) && !firstStepOutputs.Contains(present))
            {
                throw new InvalidDataException(
                    $"The {role} reads '{input}', but no decoder outputs '{present}' to feed it. Export the decoders together (Optimum's image-to-text-with-past task).");
            }

            known.Add(input);
        }

        if (firstStepOutputs.Count == 0 && known.Count > 4)
        {
            throw new InvalidDataException(
                $"The {role} reads past key values, so it is not a first-step decoder. Point DecoderFile at decoder_model.onnx, not the merged or with-past graph.");
        }

        contract.RejectOtherInputs(known);
        return [Logits, .. presents];
    }
}
