using Mmoe.Models.Evaluation;

namespace Mmoe.Cli.Featurizers;

/// <summary>Attaches images from a folder to posts by id: <c>&lt;id&gt;.jpg</c>, <c>.jpeg</c>, <c>.png</c>, <c>.webp</c>, <c>.gif</c> or <c>.bmp</c>.</summary>
internal static class PostImageFolder
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"];

    /// <summary>The posts, each with its image file when the folder has one and the post has no image yet.</summary>
    public static IReadOnlyList<SocialPost> Attach(IReadOnlyList<SocialPost> posts, string? directory)
    {
        ArgumentNullException.ThrowIfNull(posts);
        if (directory is null)
        {
            return posts;
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The images folder '{directory}' does not exist.");
        }

        return posts.Select(post => post.Image is null && FileFor(directory, post.Id) is { } file ? post with { Image = PostImage.FromFile(file) } : post).ToList();
    }

    /// <summary>The dataset with images attached to every split's posts.</summary>
    public static ReferenceDataset Attach(ReferenceDataset data, string? directory)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (directory is null)
        {
            return data;
        }

        IReadOnlyList<LabeledPost> Split(IReadOnlyList<LabeledPost> items)
        {
            var posts = Attach(items.Select(item => item.Post).ToList(), directory);
            return items.Select((item, i) => item with { Post = posts[i] }).ToList();
        }

        return data with { Train = Split(data.Train), Validation = Split(data.Validation), Test = Split(data.Test) };
    }

    /// <summary>The post's image in <paramref name="directory"/> (the first of <c>&lt;id&gt;.jpg</c>, <c>.jpeg</c>, <c>.png</c>, <c>.webp</c>, <c>.gif</c>, <c>.bmp</c> that exists), or null.</summary>
    public static string? FileFor(string directory, string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || id.StartsWith('.'))
        {
            return null;
        }

        return Extensions.Select(extension => Path.Combine(directory, id + extension)).FirstOrDefault(File.Exists);
    }
}
