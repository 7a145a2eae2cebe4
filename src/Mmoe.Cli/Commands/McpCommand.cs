using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmoe.Mcp;
using Mmoe.SemanticKernel;

namespace Mmoe.Cli.Commands;

/// <summary>
/// <c>mmoe mcp</c>: serves the plugin's tools to MCP clients over stdio (standard output carries the protocol, so every
/// log line goes to standard error), or with <c>--http URL</c> over streamable HTTP for many clients at once.
/// </summary>
internal static class McpCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Folder of a trained MMoE model; without it, the default model.",
        };
        var humorModel = new Option<DirectoryInfo?>("--humor-model")
        {
            Description = "Folder of a humour model (trained with 'mmoe train --dataset urfunny'); with it the server also exposes detect_humor.",
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
        var http = new Option<Uri?>("--http")
        {
            Description = "Serve over MCP's streamable HTTP transport at this URL (e.g. http://127.0.0.1:5100/mcp) instead of stdio. No authentication: keep it on loopback or a private network.",
            CustomParser = result =>
            {
                var value = result.Tokens.Single().Value;
                if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                {
                    return url;
                }

                result.AddError($"--http needs an http:// or https:// URL such as http://127.0.0.1:5100/mcp, not '{value}'.");
                return null;
            },
        };
        var maxMessageBytes = new Option<int?>("--max-message-bytes")
        {
            Description = "Largest JSON-RPC message accepted, in bytes; longer ones are refused unread (over --http, the request body limit). Default: one 10 MiB image as a data URI plus 2 MiB.",
        };
        var command = new Command("mcp", "Run a Model Context Protocol server exposing detect_sarcasm, explain_interaction, moderate_posts and, with --humor-model, detect_humor, on stdio or (--http URL) over streamable HTTP.")
        {
            model, humorModel, imageRoots, gguf, gpuLayers, logLevel, maxMessageBytes, http,
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
                        options.ModelPath = ModelOption.Directory(parse, model);
                        options.HumorModelPath = parse.GetValue(humorModel)?.FullName;
                        options.ModelLoading.GgufPath = parse.GetValue(gguf) is { } ggufPath ? Path.GetFullPath(ggufPath) : null;
                        options.ModelLoading.GpuLayerCount = parse.GetValue(gpuLayers);
                        foreach (var root in parse.GetValue(imageRoots) ?? [])
                        {
                            options.AllowedImageRoots.Add(root.FullName);
                        }
                    }),
                    loggerFactory);
                if (parse.GetValue(maxMessageBytes) is { } limit)
                {
                    server.MaxMessageBytes = limit >= 1024 ? limit : throw new ArgumentException($"--max-message-bytes is {limit}; use at least 1024.");
                }

                await server.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(humorModel) is null)
                {
                    // Standard output carries the protocol; the hint goes to standard error with the logs.
                    await context.Error.WriteLineAsync("note: " + MmoeOptions.HumorModelHint).ConfigureAwait(false);
                }
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
                if (parse.GetValue(http) is { } endpoint)
                {
                    await context.Error.WriteLineAsync($"mmoe MCP server listening on {endpoint} (streamable HTTP); Ctrl+C stops it.").ConfigureAwait(false);
                    await server.RunHttpAsync(new MmoeMcpHttpOptions { Endpoint = endpoint }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await server.RunStdioAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }
}
