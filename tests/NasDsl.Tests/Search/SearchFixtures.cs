using NasDsl.Search;
using NasDsl.Tests.TestSpaces;

namespace NasDsl.Tests.Search;

/// <summary>Small spaces, data and observers shared by the search tests.</summary>
internal static class SearchFixtures
{
    /// <summary>A 6-op MLP space on 8 teacher features: 512 samples, 16 steps of 16 per epoch.</summary>
    public static MlpSpace SmallSpace() =>
        new(TestOps.Unary(TestOps.Identity, TestOps.Tanh, TestOps.Relu, TestOps.Sin, TestOps.Square, TestOps.Swish), hidden: 6);

    public static InMemoryDataset SmallData() => TeacherData.CreateBinned(TestOps.Sin.Unary!, 512, 8, 4, 4, seed: 3, scale: 2);

    public static SearchOptions SmallOptions(int epochs = 2) => new()
    {
        Epochs = epochs,
        BatchSize = 16,
        Seed = 5,
        ArchitectureLearningRate = 0.03,
        LearningRate = 0.1,
        MinLearningRate = 0.01,
    };

    /// <summary>Every alpha as raw bits, for bit-for-bit comparison.</summary>
    public static int[][] AlphaBits<TGenotype>(DartsSearch<TGenotype> search) where TGenotype : class =>
        search.Supernet.Architecture.Values().Select(v => v.Select(BitConverter.SingleToInt32Bits).ToArray()).ToArray();

    /// <summary>Every network weight as raw bits.</summary>
    public static int[][] WeightBits<TGenotype>(DartsSearch<TGenotype> search) where TGenotype : class =>
        search.Supernet.WeightParameters().Select(p => p.detach().cpu().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray()).ToArray();

    /// <summary>An epoch record without its wall-clock time, which differs between runs.</summary>
    public static string Describe(EpochRecord record) =>
        $"{record.Epoch} {record.TrainLoss:R} {record.TrainAccuracy:R} {record.ValidationLoss:R} {record.ValidationAccuracy:R} {record.LearningRate:R} {record.SkippedSteps} {record.GenotypeText} " +
        string.Join(" | ", record.Scopes.Select(s => $"{s.Path}:{string.Join(",", s.Alphas.Select(a => a.ToString("R")))}:{s.Argmax}"));
}

/// <summary>Calls back on steps and epochs, e.g. to cancel a run at a chosen point.</summary>
internal sealed class CallbackObserver : ISearchObserver
{
    public Action<StepRecord>? Step { get; init; }

    public Action<EpochRecord>? Epoch { get; init; }

    public List<StepRecord> Steps { get; } = [];

    public List<string> Checkpoints { get; } = [];

    public void OnStep(StepRecord step)
    {
        Steps.Add(step);
        Step?.Invoke(step);
    }

    public void OnEpochCompleted(EpochRecord record) => Epoch?.Invoke(record);

    public void OnCheckpointSaved(string path) => Checkpoints.Add(path);
}
