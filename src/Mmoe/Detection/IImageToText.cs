namespace Mmoe.Detection;

/// <summary>Turns a post's image into text (a caption) that text-reading experts can use.</summary>
public interface IImageToText
{
    Task<string> DescribeAsync(PostImage image, CancellationToken cancellationToken = default);
}
