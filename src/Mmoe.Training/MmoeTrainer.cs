using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mmoe.Evaluation;
using Mmoe.Features;
using Mmoe.Fusion;
using Mmoe.Interactions;
using Mmoe.Models;
using Mmoe.Models.Evaluation;
using Mmoe.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Mmoe.Training;

/// <summary>
/// Trains a linear MMoE model with TorchSharp: text-only and caption-only judges, a baseline on all data, one expert
/// per interaction type (started from the baseline and fine-tuned on its subset), and a router that predicts the
/// interaction type. Every head stops on its validation loss; the test split is never seen. On CPU the same seed gives
/// the same weights, bit for bit (one thread, seeded generator, data sorted by id).
/// </summary>
public sealed class MmoeTrainer(ILogger<MmoeTrainer>? logger = null)
{
    private static readonly string[] Stages = ["text judge", "image judge", "baseline", "redundancy expert", "uniqueness expert", "synergy expert", "router"];

    // Shuffles and dropout draw from TorchSharp's one process-wide generator, seeded at the start of a run: two runs at
    // once would interleave their draws and neither would reproduce its seed. Runs in one process therefore take turns.
    private static readonly Lock TrainingGate = new();
    private readonly ILogger _logger = logger ?? NullLogger<MmoeTrainer>.Instance;

    public Task<TrainedMmoeModel> TrainAsync(
        TrainingSet data, MmoeTrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (data.Train.Count == 0 || data.Validation.Count == 0)
        {
            throw new ArgumentException($"Training needs a non-empty train and validation split (got {data.Train.Count} and {data.Validation.Count}).", nameof(data));
        }

        // TorchSharp is synchronous; run it off the caller's thread so a UI or server stays responsive.
        return Task.Factory.StartNew(
            () =>
            {
                lock (TrainingGate)
                {
                    return Train(data, options, progress, cancellationToken);
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private TrainedMmoeModel Train(TrainingSet data, MmoeTrainingOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var device = cuda.is_available() ? CUDA : CPU;
        if (device.type == DeviceType.CPU)
        {
            // One thread: float sums then happen in one order, so a seed always gives the same bytes.
            set_num_threads(1);
        }

        random.manual_seed(options.Seed);
        using var scope = NewDisposeScope();
        var featurizer = options.PostFeaturizer ?? new HashedNgramFeaturizer(options.Featurizer);
        var trainX = Featurize(featurizer, data.Train, cancellationToken);
        var validationX = Featurize(featurizer, data.Validation, cancellationToken);
        var textMask = Mask(featurizer, FeatureModality.Text);
        var imageMask = Mask(featurizer, FeatureModality.Image);
        var trainY = data.Train.Select(item => item.Label ? 1L : 0L).ToArray();
        var validationY = data.Validation.Select(item => item.Label ? 1L : 0L).ToArray();
        var trainer = new HeadTrainer(options, device);
        // The whole split's class balance, also for the experts: their subsets are skewed by construction (a synergy
        // item's label contradicts both unimodal guesses), and that skew is what they should learn.
        var trainWeights = options.BalanceClasses ? ClassWeights.Balancing(trainY) : null;
        var validationWeights = options.BalanceClasses ? ClassWeights.Balancing(validationY) : null;

        var stage = 0;
        LinearHead Fit(SparseRows x, long[] y, SparseRows vx, long[] vy, int classes, LinearHead? anchor, double penalty)
        {
            var name = Stages[stage];
            var index = stage++;
            var head = trainer.Train(x, y, vx, vy, classes, anchor, penalty,
                classes == 2 ? trainWeights : null, classes == 2 ? validationWeights : null,
                (epoch, best) => progress?.Report(new TrainingProgress(name, index, Stages.Length, epoch, options.MaxEpochs, best)),
                cancellationToken);
            _logger.LogInformation("{Stage}: best validation loss {Loss:F4} at epoch {Epoch}.", name, head.ValidationLoss, head.BestEpoch);
            return head;
        }

        var textJudge = Fit(trainX.Where(textMask), trainY, validationX.Where(textMask), validationY, 2, null, options.WeightDecay);
        var imageTrainX = trainX.Where(imageMask);
        LinearHead imageJudge;
        if (imageTrainX.HasFeatures)
        {
            imageJudge = Fit(imageTrainX, trainY, validationX.Where(imageMask), validationY, 2, null, options.WeightDecay);
        }
        else
        {
            // No caption (or image feature) in train: nothing to judge the image by. The head stays at zero and the
            // detector reports no image-only evidence for posts without a caption.
            _logger.LogWarning("No training post has image features (no captions); the image judge is left untrained.");
            imageJudge = new LinearHead(featurizer.Dimension, 1, new float[featurizer.Dimension], [0f], 0, double.NaN);
            stage++;
        }

        var baseline = Fit(trainX, trainY, validationX, validationY, 2, null, options.WeightDecay);

        var (trainTypes, validationTypes, subsetSource) = InteractionTypesOf(
            data, options, trainer, trainX, validationX, textMask, imageMask, textJudge, imageJudge, trainY, trainWeights, validationWeights);
        var experts = new List<LinearHead>();
        foreach (var type in InteractionTypes.All)
        {
            var trainRows = Rows(trainTypes, type);
            var validationRows = Rows(validationTypes, type);
            if (validationRows.Length < 3)
            {
                // Too few validation items of this type to stop on: stop on the whole validation split instead.
                validationRows = Enumerable.Range(0, data.Validation.Count).ToArray();
            }

            if (trainRows.Length == 0)
            {
                _logger.LogWarning("No training item is of type {Type}; its expert is the baseline.", type);
                stage++;
                experts.Add(baseline);
                continue;
            }

            experts.Add(Fit(
                trainX.Select(trainRows), trainRows.Select(i => trainY[i]).ToArray(),
                validationX.Select(validationRows), validationRows.Select(i => validationY[i]).ToArray(),
                2, baseline, options.ExpertAnchor));
        }

        var routed = Enumerable.Range(0, trainTypes.Length).Where(i => trainTypes[i] is not null).ToArray();
        var routedValidation = Enumerable.Range(0, validationTypes.Length).Where(i => validationTypes[i] is not null).ToArray();
        var router = Fit(
            trainX.Select(routed), routed.Select(i => (long)trainTypes[i]!.Value).ToArray(),
            validationX.Select(routedValidation), routedValidation.Select(i => (long)validationTypes[i]!.Value).ToArray(),
            3, null, options.WeightDecay);

        var tensors = Assemble(featurizer.Dimension, [textJudge, imageJudge, baseline, experts[0], experts[1], experts[2], router]);
        var weights = TensorFile.Write(tensors);
        var manifest = new ModelManifest
        {
            FormatVersion = ModelManifest.CurrentFormatVersion,
            Id = options.ModelId,
            Task = data.Task,
            Featurizer = new ManifestFeaturizer(featurizer.Name, featurizer.Dimension, featurizer.Configuration),
            Labels = ["negative", "positive"],
            Heads = ModelHeads.All,
            Seed = options.Seed,
            Training = TrainingJson(data, options, subsetSource, trainTypes, validationTypes,
                [textJudge, imageJudge, baseline, experts[0], experts[1], experts[2], router]),
            Metrics = [],
            Files = [new ManifestFile(ModelFolder.WeightsFileName, weights.Length, ModelFolder.Sha256(weights))],
        };
        var model = new LinearMmoeModel(manifest, tensors, "the trained model", featurizer);
        if (options.FitTemperature || options.TuneThreshold)
        {
            manifest = Calibrate(model, manifest, data.Validation, options);
            model = new LinearMmoeModel(manifest, tensors, "the trained model", featurizer);
        }

        var validation = ModelEvaluator.Evaluate(model, data.Name, "val", data.Validation, data.UnimodalPredictions, data.ValidationSubsets);
        manifest = manifest with { Metrics = new JsonObject { ["validation"] = EvaluationSummary.ToJson(validation) } };
        return new TrainedMmoeModel(new LinearMmoeModel(manifest, tensors, "the trained model", featurizer), tensors, validation);
    }

    /// <summary>Temperature and decision thresholds chosen on the validation split (never on test).</summary>
    private ModelManifest Calibrate(LinearMmoeModel model, ModelManifest manifest, IReadOnlyList<LabeledPost> validation, MmoeTrainingOptions options)
    {
        var scores = model.ScoreBatchAsync(validation.Select(item => item.Post).ToList()).GetAwaiter().GetResult();
        var targets = validation.Select(item => item.Label).ToList();
        var mixture = scores.Select(s => RusFusion.Mix(s.Router.Softmax(), new FusionInput { Redundancy = s.Redundancy, Uniqueness = s.Uniqueness, Synergy = s.Synergy }).Positive).ToList();
        var temperature = options.FitTemperature ? Math.Round(ProbabilityMetrics.FitTemperature(targets, mixture), 4) : 1;
        var calibrated = mixture.Select(p => ProbabilityMetrics.ApplyTemperature(p, temperature)).ToList();
        var result = manifest with { Temperature = options.FitTemperature ? temperature : null };
        if (options.FitTemperature)
        {
            _logger.LogInformation("Temperature {Temperature} (validation ECE {Before:F4} → {After:F4}).", temperature,
                ProbabilityMetrics.ExpectedCalibrationError(targets, mixture), ProbabilityMetrics.ExpectedCalibrationError(targets, calibrated));
        }

        if (options.TuneThreshold)
        {
            var baseline = scores.Select(s => s.Baseline!.Value.PositiveProbability()).ToList();
            result = result with
            {
                DecisionThreshold = ProbabilityMetrics.BestF1Threshold(targets, calibrated),
                BaselineThreshold = ProbabilityMetrics.BestF1Threshold(targets, baseline),
            };
            _logger.LogInformation("Decision threshold {Threshold}, baseline threshold {Baseline} (best validation F1).", result.DecisionThreshold, result.BaselineThreshold);
        }

        return result;
    }

    /// <summary>
    /// Interaction types of the train and validation items: from the released unimodal labels when present; otherwise
    /// from this run's own judges, out of fold on train (no item is judged by a judge that saw it) and trained on all of
    /// train for validation.
    /// </summary>
    private (InteractionType?[] Train, InteractionType?[] Validation, string Source) InteractionTypesOf(
        TrainingSet data, MmoeTrainingOptions options, HeadTrainer trainer, SparseRows trainX, SparseRows validationX,
        bool[] textMask, bool[] imageMask, LinearHead textJudge, LinearHead imageJudge, long[] trainY,
        ClassWeights? trainWeights, ClassWeights? validationWeights)
    {
        if (data.TrainSubsets is { } trainSubsets && data.ValidationSubsets is { } validationSubsets)
        {
            static InteractionType?[] Types(IReadOnlyList<LabeledPost> items, ReferenceSubsets subsets) => items
                .Select(item => subsets.Assignments.TryGetValue(item.Id, out var type) ? type : (InteractionType?)null)
                .ToArray();
            var train = Types(data.Train, trainSubsets);
            var missing = train.Count(type => type is null);
            if (missing > 0)
            {
                _logger.LogWarning("{Count} training items have no interaction type and train no expert or router.", missing);
            }

            var source = trainSubsets.Source == SubsetSource.Categorizer ? "released unimodal labels" : "released split files";
            return (train, Types(data.Validation, validationSubsets), source);
        }

        var count = data.Train.Count;
        var folds = Math.Min(options.Folds, count);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var textOutOfFold = new bool[count];
        var imageOutOfFold = new bool[count];
        for (var fold = 0; fold < folds; fold++)
        {
            var held = order.Where((_, position) => position % folds == fold).Order().ToArray();
            var kept = order.Where((_, position) => position % folds != fold).Order().ToArray();
            var keptX = trainX.Select(kept);
            var keptY = kept.Select(i => trainY[i]).ToArray();
            var validationY = data.Validation.Select(item => item.Label ? 1L : 0L).ToArray();
            var heldX = trainX.Select(held);
            var text = trainer.Train(keptX.Where(textMask), keptY, validationX.Where(textMask), validationY, 2, null, options.WeightDecay, trainWeights, validationWeights, null, CancellationToken.None);
            var image = trainer.Train(keptX.Where(imageMask), keptY, validationX.Where(imageMask), validationY, 2, null, options.WeightDecay, trainWeights, validationWeights, null, CancellationToken.None);
            var textLogits = trainer.Predict(text, heldX);
            var imageLogits = trainer.Predict(image, heldX);
            for (var i = 0; i < held.Length; i++)
            {
                textOutOfFold[held[i]] = textLogits[i] > 0;
                imageOutOfFold[held[i]] = imageLogits[i] > 0;
            }
        }

        var trainTypes = Enumerable.Range(0, count)
            .Select(i => (InteractionType?)InteractionCategorizer.Categorize(imageOutOfFold[i], textOutOfFold[i], data.Train[i].Label))
            .ToArray();
        var validationText = trainer.Predict(textJudge, validationX);
        var validationImage = trainer.Predict(imageJudge, validationX);
        var validationTypes = data.Validation
            .Select((item, i) => (InteractionType?)InteractionCategorizer.Categorize(validationImage[i] > 0, validationText[i] > 0, item.Label))
            .ToArray();
        return (trainTypes, validationTypes, $"out-of-fold predictions of this model's judges ({folds} folds)");
    }

    private static int[] Rows(InteractionType?[] types, InteractionType type) =>
        Enumerable.Range(0, types.Length).Where(i => types[i] == type).ToArray();

    private static SparseRows Featurize(IPostFeaturizer featurizer, IReadOnlyList<LabeledPost> items, CancellationToken cancellationToken)
    {
        // Training already runs on its own long-running thread, so waiting here blocks no caller.
        var vectors = featurizer.FeaturizeBatchAsync(items.Select(item => item.Post).ToList(), cancellationToken).GetAwaiter().GetResult();
        return SparseRows.From(vectors, featurizer.Dimension);
    }

    private static bool[] Mask(IPostFeaturizer featurizer, FeatureModality modality)
    {
        var mask = new bool[featurizer.Dimension];
        foreach (var block in featurizer.Blocks.Where(block => block.Modality == modality))
        {
            mask.AsSpan(block.Start, block.Length).Fill(true);
        }

        return mask;
    }

    /// <summary>Packs the heads into the [dimension, 9] weight matrix and 9 biases, in <see cref="ModelHeads.All"/> order.</summary>
    private static IReadOnlyList<NamedTensor> Assemble(int dimension, IReadOnlyList<LinearHead> heads)
    {
        var columns = ModelHeads.Count;
        var weights = new float[(long)dimension * columns];
        var bias = new float[columns];
        var column = 0;
        foreach (var head in heads)
        {
            for (var o = 0; o < head.Outputs; o++, column++)
            {
                bias[column] = head.Bias[o];
                for (var row = 0; row < dimension; row++)
                {
                    weights[((long)row * columns) + column] = head.Weights[((long)row * head.Outputs) + o];
                }
            }
        }

        return [new NamedTensor(LinearMmoeModel.WeightTensor, [dimension, columns], weights), new NamedTensor(LinearMmoeModel.BiasTensor, [columns], bias)];
    }

    private static JsonObject TrainingJson(
        TrainingSet data, MmoeTrainingOptions options, string subsetSource, InteractionType?[] trainTypes, InteractionType?[] validationTypes,
        IReadOnlyList<LinearHead> heads)
    {
        JsonObject Sizes(InteractionType?[] types) => new()
        {
            ["R"] = types.Count(t => t == InteractionType.Redundancy),
            ["U"] = types.Count(t => t == InteractionType.Uniqueness),
            ["S"] = types.Count(t => t == InteractionType.Synergy),
        };
        var stages = new JsonObject();
        for (var i = 0; i < heads.Count; i++)
        {
            stages[Stages[i]] = new JsonObject { ["bestEpoch"] = heads[i].BestEpoch, ["validationLoss"] = double.IsNaN(heads[i].ValidationLoss) ? null : Math.Round(heads[i].ValidationLoss, 6) };
        }

        var json = new JsonObject
        {
            ["dataset"] = data.Name,
            ["dataFingerprint"] = data.Fingerprint,
            ["trainCount"] = data.Train.Count,
            ["validationCount"] = data.Validation.Count,
            ["subsetSource"] = subsetSource,
            ["trainSubsets"] = Sizes(trainTypes),
            ["validationSubsets"] = Sizes(validationTypes),
            ["options"] = JsonSerializer.SerializeToNode(options, TrainingJsonOptions),
            ["heads"] = stages,
            ["trainer"] = $"TorchSharp {typeof(torch).Assembly.GetName().Version}, linear heads, Adam",
        };
        if (data.CaptionSource is { } captions)
        {
            // Only when a captions file supplied them, so models trained on a dataset's own captions keep their bytes.
            json["captions"] = captions.DeepClone();
        }

        return json;
    }

    private static JsonSerializerOptions TrainingJsonOptions { get; } = new(JsonSerializerDefaults.Web);
}
