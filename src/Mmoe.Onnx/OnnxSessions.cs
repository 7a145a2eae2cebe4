using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Mmoe.Onnx;

/// <summary>Creates ONNX Runtime sessions, preferring CUDA when asked and falling back to the CPU.</summary>
internal static class OnnxSessions
{
    private static int s_cudaFallbackLogged;

    /// <summary>Opens <paramref name="fileName"/> in <paramref name="directory"/>; <paramref name="role"/> names the model in errors.</summary>
    public static InferenceSession Open(string directory, string fileName, string role, OnnxRuntimeOptions runtime, ILogger logger)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The {role} '{fileName}' is not in the model folder. Export it to ONNX as the README's 'ONNX backend' section shows, or name the file in the options.",
                fileName);
        }

        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            if (runtime.IntraOpThreads > 0)
            {
                options.IntraOpNumThreads = runtime.IntraOpThreads;
            }

            if (runtime.UseCuda)
            {
                TryAddCuda(options, runtime.CudaDeviceId, logger);
            }

            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"The {role} '{fileName}' could not be loaded by ONNX Runtime: {ex.Message}", ex);
        }
        finally
        {
            options.Dispose();
        }
    }

    private static void TryAddCuda(SessionOptions options, int deviceId, ILogger logger)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            // Every session tries again, but the user needs to hear about it once per process.
            if (Interlocked.Exchange(ref s_cudaFallbackLogged, 1) == 0)
            {
                logger.LogWarning("The CUDA execution provider is not usable ({Reason}); ONNX models run on the CPU.", ex.Message.Split('\n')[0]);
            }
        }
    }
}
