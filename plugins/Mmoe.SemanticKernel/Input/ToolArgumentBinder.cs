using System.Runtime.InteropServices;
using System.Text.Json;

namespace Mmoe.SemanticKernel.Input;

/// <summary>
/// Binds a tool call's raw JSON arguments (what MCP and Microsoft.Extensions.AI hosts pass: <see cref="JsonElement"/>s)
/// to the plugin's parameter types before Semantic Kernel sees them. Semantic Kernel's own binding fails the whole call
/// on the first wrongly typed value, with a message naming .NET types; here each problem becomes a tool error that
/// names the argument and the expected JSON type, and in a batch only the item at fault fails. Sizes are checked on the
/// raw JSON, before any string is built from it.
/// </summary>
internal static class ToolArgumentBinder
{
    /// <summary>
    /// Replaces every <see cref="JsonElement"/> argument of a string or post-list parameter with its bound value; other
    /// values are left to Semantic Kernel. Throws a <see cref="MmoeToolException"/> for a call-level problem.
    /// </summary>
    public static void Bind(IDictionary<string, object?> arguments, IEnumerable<(string Name, Type Type)> parameters, MmoeOptions options)
    {
        foreach (var (name, type) in parameters)
        {
            if (!arguments.TryGetValue(name, out var value) || value is not JsonElement element)
            {
                continue;
            }

            if (type == typeof(string))
            {
                arguments[name] = String(element, $"'{name}' argument", name, Limit(name, options));
            }
            else if (type == typeof(IReadOnlyList<PostInput>))
            {
                arguments[name] = Posts(element, name, options);
            }
        }
    }

    private static List<PostInput?>? Posts(JsonElement element, string name, MmoeOptions options)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new MmoeToolException(
                ToolErrorCodes.InvalidArgument,
                $"The '{name}' argument must be an array of post objects ({{\"text\": \"...\"}}); got {Kind(element)}.");
        }

        var count = element.GetArrayLength();
        if (count > options.MaxBatchSize)
        {
            throw new MmoeToolException(
                ToolErrorCodes.BatchTooLarge,
                $"The batch has {count} posts; this host accepts at most {options.MaxBatchSize} per call: split it into smaller batches.");
        }

        var posts = new List<PostInput?>(count);
        foreach (var item in element.EnumerateArray())
        {
            posts.Add(item.ValueKind == JsonValueKind.Null ? null : Post(item, options));
        }

        return posts;
    }

    /// <summary>One batch item; a problem is recorded on the item (<see cref="PostInput.BindingError"/>) instead of thrown.</summary>
    private static PostInput Post(JsonElement item, MmoeOptions options)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new PostInput
            {
                BindingError = new MmoeToolException(ToolErrorCodes.InvalidArgument, $"Each post must be an object with at least a text ({{\"text\": \"...\"}}); this item is {Kind(item)}."),
            };
        }

        string? id = null, text = null, caption = null, image = null, context = null;
        try
        {
            foreach (var property in item.EnumerateObject())
            {
                // Names as the schema spells them; the match ignores case, as lenient JSON binding does.
                switch (property.Name.ToLowerInvariant())
                {
                    case "id": id = String(property.Value, "post's 'id'", "id", options.MaxArgumentBytes); break;
                    case "text": text = String(property.Value, "post's 'text'", "text", options.MaxArgumentBytes); break;
                    case "caption": caption = String(property.Value, "post's 'caption'", "caption", options.MaxArgumentBytes); break;
                    case "image": image = String(property.Value, "post's 'image'", "image", ImageLimit(options)); break;
                    case "context": context = String(property.Value, "post's 'context'", "context", options.MaxArgumentBytes); break;
                    default: break;
                }
            }
        }
        catch (MmoeToolException error)
        {
            return new PostInput { BindingError = error };
        }

        return new PostInput { Id = id, Text = text, Caption = caption, Image = image, Context = context };
    }

    /// <summary>A JSON string or null; anything else, an oversized value or an unpaired surrogate escape is a tool error.</summary>
    private static string? String(JsonElement element, string what, string field, long maxRawBytes)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                break;
            default:
                throw new MmoeToolException(ToolErrorCodes.InvalidArgument, $"The {what} must be a string; got {Kind(element)}.");
        }

        var rawBytes = JsonMarshal.GetRawUtf8Value(element).Length;
        if (rawBytes > maxRawBytes)
        {
            throw field == "image"
                ? new MmoeToolException(
                    ToolErrorCodes.ImageTooLarge,
                    $"The image is larger than this host accepts ({maxRawBytes} bytes of data URI): send a smaller or more compressed image, or pass a caption instead.")
                : new MmoeToolException(
                    ToolErrorCodes.ArgumentTooLarge,
                    $"The {what} is {rawBytes} bytes of JSON; this host accepts at most {maxRawBytes}: shorten it.");
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped unpaired surrogate ("\ud800") is valid JSON but no valid string.
            throw TextSanitizer.LoneSurrogate(field);
        }
    }

    private static long Limit(string name, MmoeOptions options) => name == "image" ? ImageLimit(options) : options.MaxArgumentBytes;

    /// <summary>A data URI of <see cref="MmoeOptions.MaxImageBytes"/> is 4/3 as long in base64, plus its header; file paths are far shorter.</summary>
    private static long ImageLimit(MmoeOptions options) => (options.MaxImageBytes + 2) / 3 * 4 + 1024;

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
