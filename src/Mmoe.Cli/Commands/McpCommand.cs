using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Mcp;

namespace Mmoe.Cli.Commands;

/// <summary><c>mmoe mcp</c>: serves the plugin's tools to MCP clients over stdio. Standard output carries the protocol, so every log line goes to standard error.</summary>
internal static class McpCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Folder of a trained MMoE model; without it, the default model.",
        };
        var imageRoots = new Option<DirectoryInfo[]>("--allow-image-root")
        {
            Description = "A folder that image file paths may point into (repeat for more). Without any, images must arrive as data URIs.",
        };
        var gguf = new Option<string?>("--gguf")
        {
            Description = "The Qwen2 GGUF (or its folder) of a Qwen or LoRA-expert model, when it is not beside the model folder (else MMOE_GGUF).",
        };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Layers of the GGUF to offload to the GPU (CUDA build); 0 = CPU only." };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Least severe log level written to standard error.",
            DefaultValueFactory = _ => LogLevel.Warning,
        };
        var command = new Command("mcp", "Run a Model Context Protocol server on stdio exposing detect_sarcasm, explain_interaction and moderate_posts.")
        {
            model, imageRoots, gguf, gpuLayers, logLevel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggerFactory = MmoeMcpServer.CreateStandardErrorLoggerFactory(parse.GetValue(logLevel));
            MmoeMcpServer? server = null;
            try
            {
                server = MmoeMcpServer.Create(
                    services => services.AddMmoe(options =>
                    {
                        options.ModelPath = parse.GetValue(model)?.FullName;
                        options.ModelLoading.GgufPath = parse.GetValue(gguf) is { } ggufPath ? Path.GetFullPath(ggufPath) : null;
                        options.ModelLoading.GpuLayerCount = parse.GetValue(gpuLayers);
                        foreach (var root in parse.GetValue(imageRoots) ?? [])
                        {
                            options.AllowedImageRoots.Add(root.FullName);
                        }
                    }),
                    loggerFactory);
                await server.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or IOException or InvalidDataException)
            {
                if (server is not null)
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                }

                await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 1;
            }

            await using (server.ConfigureAwait(false))
            {
                await server.RunStdioAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
