using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Mmoe.Captions;
using Mmoe.Cli.Captioning;
using Mmoe.Cli.Featurizers;
using Mmoe.Features;
using Mmoe.LlamaSharp.Native;

namespace Mmoe.Cli.Commands;

/// <summary>
/// <c>mmoe caption</c>: describes images with an image-to-text model (an ONNX encoder–decoder, or a vision GGUF with its
/// projector through llama.cpp's mtmd). Given image files it prints their captions; given a dataset
/// (<c>--root</c>/<c>--dataset</c> or <c>--data</c>) with <c>--images</c>, it captions every post's image once, through the
/// caption cache, and writes the captions file that <c>train</c> and <c>eval</c> read with <c>--captions</c>.
/// </summary>
internal static class CaptionCommand
{
    public static Command Create(CliContext context)
    {
        var captioner = new Option<DirectoryInfo?>("--captioner")
        {
            Description = "ONNX captioner: folder of an image captioner exported with past key values (encoder_model.onnx, decoder_model.onnx, decoder_with_past_model.onnx, its tokenizer and configs; see docs/backends.md).",
        };
        var gguf = new Option<FileInfo?>("--gguf") { Description = "mtmd captioner: the vision language model GGUF (with --mmproj)." };
        var projector = new Option<FileInfo?>("--mmproj") { Description = "mtmd captioner: the model's multimodal projector GGUF (mmproj)." };
        var instruction = new Option<string?>("--instruction") { Description = "mtmd: what to ask for (default: people, expressions, setting and visible text, in one or two sentences)." };
        var template = new Option<string?>("--prompt-template")
        {
            Description = $"mtmd: the model's chat format around <image> and {{instruction}} (default: llava-1.5's \"{MtmdImageToText.DefaultPromptTemplate.Replace("\n", "\\n", StringComparison.Ordinal)}\").",
        };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "mtmd: layers to offload to the GPU (CUDA build); 0 = CPU only." };
        var nativeLibrary = new Option<string?>("--native-lib") { Description = "mtmd: path of your own llama.cpp shared library (libllama.so) or its folder." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = $"Most tokens per caption (default: the ONNX model's generation config, else 32; mtmd {CaptionerFactory.MtmdDefaultMaxTokens})." };
        var batch = new Option<int>("--batch") { Description = "ONNX: images per encoder/decoder run.", DefaultValueFactory = _ => 8 };
        var imagesFolder = new Option<DirectoryInfo?>("--images")
        {
            Description = "With a dataset: folder of post images named <post id>.jpg (or .jpeg, .png, .webp, .gif, .bmp).",
        };
        var captionsFile = new Option<FileInfo?>("--captions")
        {
            Description = "With a dataset: the captions file to write (JSON Lines, read by train and eval with --captions FILE).",
        };
        var cache = new Option<DirectoryInfo?>("--feature-cache")
        {
            Description = $"Cache folder: captions are kept in its '{CaptionCacheOptions.FolderName}' folder (default: ${FeatureCacheOptions.DirectoryVariable}, else ~/.cache/mmoe/features; captions take 256 MiB at most, least recently used go first).",
        };
        var noCache = new Option<bool>("--no-feature-cache") { Description = "Caption every image, reading and writing no cache." };
        var json = CommonOptions.Json();
        var images = new Argument<FileInfo[]>("images") { Description = "Image files (JPEG, PNG, WebP, GIF, BMP); leave out with a dataset.", Arity = ArgumentArity.ZeroOrMore };
        var dataOptions = new DatasetOptions(readsCaptions: false);
        var command = new Command("caption",
            "Caption images with an image-to-text model (greedy decoding up to a length limit): image files, or every post image of a dataset into a captions file for train and eval.")
        {
            captioner, gguf, projector, instruction, template, gpuLayers, nativeLibrary, maxTokens, batch, imagesFolder, captionsFile, cache, noCache, json, images,
        };
        dataOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var selection = new CaptionerSelection
            {
                OnnxDirectory = parse.GetValue(captioner)?.FullName,
                Gguf = parse.GetValue(gguf)?.FullName,
                Projector = parse.GetValue(projector)?.FullName,
                MaxTokens = parse.GetValue(maxTokens),
                Batch = parse.GetValue(batch),
                Instruction = parse.GetValue(instruction),
                PromptTemplate = parse.GetValue(template),
                GpuLayers = parse.GetValue(gpuLayers),
                NativeLibrary = parse.GetValue(nativeLibrary),
            };
            CaptionerFactory.Validate(selection);
            var files = parse.GetValue(images) ?? [];
            if (dataOptions.Given(parse))
            {
                if (files.Length > 0)
                {
                    throw new ArgumentException("Give either image files or a dataset (--root/--dataset or --data with --images), not both.");
                }

                var folder = parse.GetValue(imagesFolder)
                    ?? throw new ArgumentException("Captioning a dataset needs --images DIR: the folder of its post images, named <post id>.jpg (or .png, ...).");
                var output = parse.GetValue(captionsFile)
                    ?? throw new ArgumentException("Captioning a dataset needs --captions FILE: where to write the captions that train and eval then read with --captions FILE.");
                var captionCache = parse.GetValue(noCache) ? null : new CaptionCache(CaptionCacheOptions.InFeatureCache(parse.GetValue(cache)?.FullName));
                return await CaptionDatasetAsync(context, parse, dataOptions, selection, folder.FullName, output.FullName, captionCache, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            if (files.Length == 0)
            {
                throw new ArgumentException("Give image files to caption, or a dataset: --root DIR --dataset NAME (or --data DIR) with --images DIR and --captions FILE.");
            }

            foreach (var unused in new Option[] { imagesFolder, captionsFile })
            {
                if (parse.GetResult(unused) is not null)
                {
                    throw new ArgumentException($"{unused.Name} is for captioning a dataset: give --root/--dataset (or --data) too, or leave it out.");
                }
            }

            return await CaptionFilesAsync(context, selection, files, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> CaptionFilesAsync(CliContext context, CaptionerSelection selection, FileInfo[] files, bool json, CancellationToken cancellationToken)
    {
        var built = await CaptionerFactory.CreateAsync(selection, null, cancellationToken).ConfigureAwait(false);
        using var owned = built.Owned;
        var rows = new List<Dictionary<string, object>>();
        if (built.Onnx is { } onnx)
        {
            // The ONNX captioner decodes a batch in lockstep and knows each caption's tokens.
            var captions = await onnx.CaptionBatchAsync(files.Select(file => PostImage.FromFile(file.FullName)).ToList(), cancellationToken).ConfigureAwait(false);
            rows.AddRange(files.Zip(captions, (file, caption) => new Dictionary<string, object>
            {
                ["image"] = file.Name,
                ["caption"] = caption.Text,
                ["tokens"] = caption.TokenIds.Count,
                ["truncated"] = caption.Truncated,
            }));
        }
        else
        {
            foreach (var file in files)
            {
                var caption = await built.Captioner.DescribeAsync(PostImage.FromFile(file.FullName), cancellationToken).ConfigureAwait(false);
                rows.Add(new Dictionary<string, object> { ["image"] = file.Name, ["caption"] = caption });
            }
        }

        if (json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(rows, JsonOutput.Options)).ConfigureAwait(false);
        }
        else
        {
            foreach (var row in rows)
            {
                await context.Out.WriteLineAsync($"{row["image"]}\t{row["caption"]}").ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static async Task<int> CaptionDatasetAsync(
        CliContext context, ParseResult parse, DatasetOptions dataOptions, CaptionerSelection selection, string imagesDirectory, string output,
        CaptionCache? cache, bool json, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(imagesDirectory))
        {
            throw new DirectoryNotFoundException($"The images folder '{imagesDirectory}' does not exist.");
        }

        var data = await dataOptions.LoadAsync(parse, context, cancellationToken).ConfigureAwait(false);
        // Every split: training reads train and val, eval reads test, and a post in two splits is one image.
        var ids = data.Train.Concat(data.Validation).Concat(data.Test).Select(item => item.Id).Distinct(StringComparer.Ordinal).ToList();
        var requests = ids.Select(id => new CaptionRequest(id, PostImageFolder.FileFor(imagesDirectory, id))).ToList();
        var built = await CaptionerFactory.CreateAsync(selection, null, cancellationToken).ConfigureAwait(false);
        using var owned = built.Owned;
        var captioner = new DatasetCaptioner(built.Captioner, built.Identity, cache);
        await context.Error.WriteLineAsync(
            $"captioning {data.Name}: {requests.Count(r => r.ImagePath is not null)} of {requests.Count} posts have an image in {imagesDirectory}; captioner {built.Identity.Name} {built.Identity.Key[..12]}"
            + (cache is null ? ", no cache" : $", cache {cache.Directory}")).ConfigureAwait(false);

        CaptioningResult result;
        try
        {
            result = await captioner.CaptionAsync(requests, new ProgressLines(context), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync(cache is null
                ? "interrupted: no captions file was written and nothing was cached (--no-feature-cache)."
                : $"interrupted: no captions file was written; every caption finished is in the cache ({cache.Directory}), so the same command goes on where this one stopped.").ConfigureAwait(false);
            throw;
        }

        await CaptionsFile.WriteAsync(output, built.Identity, data.Name, result.Posts, cancellationToken).ConfigureAwait(false);
        var failed = result.Posts.Where(post => post.Outcome == CaptionOutcome.Failed && post.SameImageAs is null).ToList();
        foreach (var post in failed)
        {
            var sharing = result.Posts.Count(other => other.SameImageAs == post.PostId);
            context.Warn($"post {post.PostId}: {post.ImagePath}: {post.Error}" + (sharing > 0 ? $" ({sharing} more posts have this image)" : ""));
        }

        var missing = result.Posts.Where(post => post.Outcome == CaptionOutcome.NoImage).Select(post => post.PostId).ToList();
        if (missing.Count > 0)
        {
            await context.Error.WriteLineAsync(
                $"note: {missing.Count} posts have no image in {imagesDirectory} (e.g. {string.Join(", ", missing.Take(5))}); they are kept, without a caption.").ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync(
            $"Captions of {result.PostsCaptioned} of {result.Posts.Count} posts written to {output}: {result.ImagesCaptioned} images captioned, "
            + $"{result.ImagesFromCache} from the cache, {result.ImagesFailed} failed; {result.PostsSharingAnImage} posts share an image with an earlier post; "
            + $"{result.PostsWithoutImage} posts have no image.").ConfigureAwait(false);
        if (json)
        {
            var document = new Dictionary<string, object?>
            {
                ["dataset"] = data.Name,
                ["captions"] = output,
                ["posts"] = result.Posts.Count,
                ["posts_captioned"] = result.PostsCaptioned,
                ["images_captioned"] = result.ImagesCaptioned,
                ["images_from_cache"] = result.ImagesFromCache,
                ["images_failed"] = result.ImagesFailed,
                ["posts_sharing_an_image"] = result.PostsSharingAnImage,
                ["posts_without_image"] = result.PostsWithoutImage,
                ["missing"] = missing,
                ["failed"] = failed.Select(post => new Dictionary<string, object?> { ["post"] = post.PostId, ["image"] = post.ImagePath, ["error"] = post.Error }).ToList(),
                ["captioner"] = built.Identity.ToJson(),
                ["cache"] = cache?.Directory,
            };
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(document, JsonOutput.Options)).ConfigureAwait(false);
        }

        // Like detect --input: the file holds every caption that could be made, and the exit code says some could not.
        return failed.Count > 0 ? 1 : 0;
    }

    /// <summary>Progress on stderr, at most one line a second (and the last), written on the captioning thread so lines never interleave.</summary>
    private sealed class ProgressLines(CliContext context) : IProgress<CaptioningProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _last;

        public void Report(CaptioningProgress value)
        {
            var now = _clock.Elapsed;
            if (value.ImagesDone < value.ImagesTotal && _last is { } last && now - last < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _last = now;
            context.Error.WriteLine(
                $"captioning: {value.ImagesDone}/{value.ImagesTotal} images ({value.Captioned} captioned, {value.FromCache} from the cache, {value.Failed} failed), {now.TotalSeconds:0}s");
        }
    }
}
