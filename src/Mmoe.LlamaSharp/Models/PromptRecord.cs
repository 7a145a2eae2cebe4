using Mmoe.LlamaSharp.Prompts;

namespace Mmoe.LlamaSharp.Models;

/// <summary>A prompt template as a manifest records it: the text itself (and the reference dataset it comes from, if any).</summary>
public sealed record PromptRecord(string Template, string ContextTurn, string ContextSeparator, string? Name = null)
{
    public static PromptRecord From(PromptTemplate template, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new PromptRecord(template.Template, template.ContextTurn, template.ContextSeparator, name);
    }

    public PromptTemplate ToTemplate() => new(Template, ContextTurn, ContextSeparator);
}
