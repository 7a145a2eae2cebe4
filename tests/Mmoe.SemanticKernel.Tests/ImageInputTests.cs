using Microsoft.SemanticKernel;
using Mmoe.Detection;

namespace Mmoe.SemanticKernel.Tests;

public sealed class ImageInputTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("mmoe-images-").FullName;
    private readonly string _root;
    private readonly string _outside;

    public ImageInputTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_temp, "allowed")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        File.WriteAllBytes(Path.Combine(_root, "cat.png"), TestImages.Png1x1);
        File.WriteAllBytes(Path.Combine(_outside, "secret.png"), TestImages.Png1x1);
        File.WriteAllText(Path.Combine(_root, "notes.png"), "these are not image bytes, just text with a .png name");
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private Kernel Kernel(IImageToText? imageToText = null, Action<MmoeOptions>? configure = null) =>
        TestKernels.Create(
            options =>
            {
                options.AllowedImageRoots.Add(_root);
                configure?.Invoke(options);
            },
            imageToText);

    private async Task<MmoeToolException> RefusedAsync(Kernel kernel, string image, string? caption = "a cat")
    {
        var error = await Assert.ThrowsAsync<MmoeToolException>(() => kernel.DetectAsync("Nice weather", caption, image));
        Assert.DoesNotContain(_temp, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public async Task A_file_inside_an_allowed_root_is_read_by_absolute_or_relative_path()
    {
        var captioner = new FixedCaptioner("a cat on a broken sofa");
        var kernel = Kernel(captioner);

        var byAbsolute = await kernel.DetectAsync("Totally love this", image: Path.Combine(_root, "cat.png"));
        var byRelative = await kernel.DetectAsync("Totally love this", image: "cat.png");

        Assert.Equal("a cat on a broken sofa", byAbsolute.Caption?.Text);
        Assert.Equal(CaptionResult.FromImageToText, byAbsolute.Caption?.Source);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(byAbsolute), System.Text.Json.JsonSerializer.Serialize(byRelative));
        Assert.Equal(TestKernels.Expected("Totally love this", "a cat on a broken sofa").Probability, byAbsolute.Probability);
        Assert.All(captioner.Images, image => Assert.Equal("image/png", image.MediaType));
        Assert.All(captioner.Images, image => Assert.Equal(TestImages.Png1x1, image.Bytes!.Value.ToArray()));
    }

    [Fact]
    public async Task A_given_caption_is_used_and_the_image_is_still_checked()
    {
        var captioner = new FixedCaptioner("unused");
        var kernel = Kernel(captioner);

        var verdict = await kernel.DetectAsync("Totally love this", "rain on a broken umbrella", TestImages.DataUri(TestImages.Png1x1));

        Assert.Equal(CaptionResult.FromCaller, verdict.Caption?.Source);
        Assert.Null(verdict.Caption?.Text);
        Assert.Empty(captioner.Images);
        Assert.Equal(ToolErrorCodes.UnsupportedImageFormat, (await RefusedAsync(kernel, "notes.png", caption: "rain")).Code);
    }

    [Fact]
    public async Task File_paths_are_refused_when_no_root_is_configured()
    {
        var error = await Assert.ThrowsAsync<MmoeToolException>(() => TestKernels.Create().DetectAsync("Nice", "a cat", Path.Combine(_root, "cat.png")));

        Assert.Equal(ToolErrorCodes.ImagePathsDisabled, error.Code);
        Assert.Contains("data URI", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside/secret.png")]
    [InlineData("../../../../../../../../etc/passwd")]
    [InlineData("sub/../../outside/secret.png")]
    [InlineData("/etc/passwd")]
    [InlineData(@"\\fileserver\share\cat.png")]
    [InlineData("//fileserver/share/cat.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://example.com/cat.png")]
    public async Task Paths_that_leave_the_allowed_roots_are_refused(string path)
    {
        var error = await RefusedAsync(Kernel(), path);

        Assert.Equal(ToolErrorCodes.ImageOutsideAllowedRoots, error.Code);
    }

    [Fact]
    public async Task An_absolute_path_that_climbs_out_of_a_root_is_refused()
    {
        var error = await RefusedAsync(Kernel(), _root + "/../outside/secret.png");

        Assert.Equal(ToolErrorCodes.ImageOutsideAllowedRoots, error.Code);
    }

    [Fact]
    public async Task A_symlinked_file_pointing_outside_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "innocent.png"), Path.Combine(_outside, "secret.png"));

        var error = await RefusedAsync(Kernel(), "innocent.png");

        Assert.Equal(ToolErrorCodes.ImageOutsideAllowedRoots, error.Code);
    }

    [Fact]
    public async Task A_symlinked_folder_pointing_outside_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "album"), _outside);

        var error = await RefusedAsync(Kernel(), Path.Combine(_root, "album", "secret.png"));

        Assert.Equal(ToolErrorCodes.ImageOutsideAllowedRoots, error.Code);
    }

    [Fact]
    public async Task A_symlink_that_stays_inside_the_root_is_followed()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "alias.png"), Path.Combine(_root, "cat.png"));

        var verdict = await Kernel().DetectAsync("Nice", "a cat", "alias.png");

        Assert.Equal("a cat".Length, verdict.Caption?.Characters);
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error()
    {
        var error = await RefusedAsync(Kernel(), "no-such-cat.png");

        Assert.Equal(ToolErrorCodes.ImageNotFound, error.Code);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data:image/png;base64")]
    [InlineData("data:image/png,iVBORw0KGgo=")]
    [InlineData("data:image/png;base64,@@@not base64@@@")]
    [InlineData("data:image/png;base64,")]
    public async Task Malformed_data_uris_are_refused(string uri)
    {
        var error = await RefusedAsync(Kernel(), uri);

        Assert.Equal(ToolErrorCodes.MalformedDataUri, error.Code);
        Assert.Contains("data:image/<format>;base64,<data>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello, I am plain text pretending to be an image")]
    [InlineData("%PDF-1.7 not an image either")]
    public async Task Non_image_bytes_are_refused_before_any_decoding(string content)
    {
        var captioner = new FixedCaptioner("unused");

        var error = await RefusedAsync(Kernel(captioner), TestImages.DataUri(System.Text.Encoding.UTF8.GetBytes(content)), caption: null);

        Assert.Equal(ToolErrorCodes.UnsupportedImageFormat, error.Code);
        Assert.Empty(captioner.Images);
    }

    [Fact]
    public async Task Oversized_images_are_refused_by_bytes_from_a_file_or_a_data_uri()
    {
        var kernel = Kernel(configure: options => options.MaxImageBytes = 40);

        Assert.Equal(ToolErrorCodes.ImageTooLarge, (await RefusedAsync(kernel, "cat.png")).Code);
        Assert.Equal(ToolErrorCodes.ImageTooLarge, (await RefusedAsync(kernel, TestImages.DataUri(TestImages.Png1x1))).Code);
        Assert.Equal(ToolErrorCodes.ImageTooLarge, (await RefusedAsync(kernel, "data:image/png;base64," + new string('A', 10_000_000))).Code);
    }

    [Fact]
    public async Task Images_whose_header_claims_too_many_pixels_are_refused()
    {
        var error = await RefusedAsync(Kernel(), TestImages.DataUri(TestImages.PngClaiming(100_000, 100_000)));

        Assert.Equal(ToolErrorCodes.ImageTooLarge, error.Code);
        Assert.Contains("100000×100000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    [InlineData(3_037_000_500u, 3_037_000_500u)]
    public async Task Header_sizes_whose_pixel_count_overflows_are_refused(uint width, uint height)
    {
        var error = await RefusedAsync(Kernel(), TestImages.DataUri(TestImages.PngClaiming(width, height)));

        Assert.Equal(ToolErrorCodes.ImageTooLarge, error.Code);
    }

    [Fact]
    public async Task An_absolute_path_through_a_root_configured_as_a_symlink_is_accepted()
    {
        var link = Path.Combine(_temp, "linked-root");
        Directory.CreateSymbolicLink(link, _root);
        var captioner = new FixedCaptioner("a cat");
        var kernel = TestKernels.Create(options => options.AllowedImageRoots.Add(link), captioner);

        var verdict = await kernel.DetectAsync("Totally love this", image: Path.Combine(link, "cat.png"));

        Assert.Equal("a cat", verdict.Caption?.Text);
        Assert.Equal(ToolErrorCodes.ImageOutsideAllowedRoots, (await Assert.ThrowsAsync<MmoeToolException>(
            () => kernel.DetectAsync("Nice weather", "a cat", Path.Combine(link, "..", "outside", "secret.png")))).Code);
    }

    [Fact]
    public async Task A_fifo_inside_a_root_is_refused_without_blocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fifo = Path.Combine(_root, "pipe.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.Equal(ToolErrorCodes.ImageUnreadable, (await RefusedAsync(Kernel(), "pipe.png")).Code);
    }

    [Fact]
    public async Task An_image_without_caption_or_image_to_text_backend_says_how_to_fix_it()
    {
        var error = await RefusedAsync(Kernel(), "cat.png", caption: null);

        Assert.Equal(ToolErrorCodes.NoImageToText, error.Code);
        Assert.Contains("caption", error.Message, StringComparison.Ordinal);
        Assert.Contains("IImageToText", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_image_to_text_backend_is_a_tool_error_suggesting_a_caption()
    {
        var error = await RefusedAsync(Kernel(new FixedCaptioner(null)), "cat.png", caption: null);

        Assert.Equal(ToolErrorCodes.ImageToTextFailed, error.Code);
        Assert.DoesNotContain("GPU", error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedCaptioner(string? caption) : IImageToText
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<PostImage> _images = new();

        public IReadOnlyList<PostImage> Images => [.. _images];

        public Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default)
        {
            _images.Enqueue(image);
            return caption is null ? throw new InvalidOperationException("GPU out of memory in /opt/captioner") : Task.FromResult(caption);
        }
    }
}
