using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using Xunit;
using Xunit.Abstractions;

namespace NasDsl.Tests.Search;

/// <summary>
/// Data from a teacher y = w2 · f(W1 · x) whose activation f is known (labels: 8 quantile bins of y); a
/// first-order search over an edge that offers f among six candidates must pick f. Sin (periodic) and square
/// (even) are told apart from the monotone candidates by the data; the planted op sits at a different index in
/// each case, so position cannot explain the result.
/// </summary>
[Collection(TorchStateCollection.Name)]
public sealed class PlantedActivationTests(ITestOutputHelper output)
{
    public static TheoryData<string, string[], double> Cases => new()
    {
        { "Sin", ["Identity", "Tanh", "Relu", "Sin", "Square", "Swish"], 2.0 },
        { "Square", ["Square", "Identity", "Swish", "Sin", "Tanh", "Relu"], 1.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SearchFindsThePlantedActivation(string planted, string[] candidates, double scale)
    {
        var ops = typeof(TestOps).GetProperties().Where(p => p.PropertyType == typeof(OpInfo)).ToDictionary(p => p.Name, p => (OpInfo)p.GetValue(null)!);
        var table = TestOps.Unary([.. candidates.Select(name => ops[name])]);
        using var data = TeacherData.CreateBinned(ops[planted].Unary!, samples: 4096, features: 8, hidden: 4, classes: 8, seed: 7, scale: scale);
        var options = new SearchOptions
        {
            // 6 epochs × 32 steps: the bound on steps this test allows.
            Epochs = 6,
            BatchSize = 64,
            Seed = 1,
            ArchitectureLearningRate = 0.03,
            LearningRate = 0.1,
            MinLearningRate = 0.01,
        };
        using var search = new DartsSearch<MlpGenotype>(new MlpSpace(table, hidden: 4), options, data);
        var result = search.Run();

        var last = result.Epochs[^1].Scopes[0];
        output.WriteLine(string.Join(", ", last.Operations.Select((name, i) => $"{name} {last.Weights[i]:F3}")));
        output.WriteLine("argmax per epoch: " + string.Join(" ", result.Epochs.Select(e => e.Scopes[0].Chosen)));
        Assert.Equal(192, search.StepsPerEpoch * options.Epochs);
        Assert.Equal(planted, result.Genotype.Act);
        Assert.Equal(Array.IndexOf(candidates, planted), last.Argmax);
    }
}
