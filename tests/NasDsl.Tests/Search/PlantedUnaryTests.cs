using NasDsl.Operations;
using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using Xunit.Abstractions;

namespace NasDsl.Tests.Search;

/// <summary>
/// Planted activations over the full 21-operation <see cref="Unary"/> set, with each method's preset
/// (<see cref="SearchPresets"/>) and no per-test tuning: data from a teacher y = w2 · f(W1 · x) with a known f
/// (labels: 8 quantile bins of y), and a search over one mixed edge between two linear layers must choose f.
/// </summary>
[Collection(TorchStateCollection.Name)]
public sealed class PlantedUnaryTests(ITestOutputHelper output)
{
    public static TheoryData<SearchMethod, string, int> Cases()
    {
        var cases = new TheoryData<SearchMethod, string, int>();
        foreach (var method in new[] { SearchMethod.DrNas, SearchMethod.Gdas, SearchMethod.Darts })
            foreach (var planted in Environment.GetEnvironmentVariable("NASDSL_PLANTED")?.Split(',') ?? ["Sin", "Square", "Exp"])
                foreach (var seed in new[] { 1, 2 })
                    cases.Add(method, planted, seed);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheSearchChoosesThePlantedOperation(SearchMethod method, string planted, int seed)
    {
        var table = Unary.Table;
        var op = table[table.IndexOf(planted)];
        using var data = TeacherData.CreateBinned(op.Unary!, samples: 4096, features: 8, hidden: 4, classes: 8, seed: 7, scale: 1.5);
        var options = SearchPresets.For(method) with { Epochs = 6, BatchSize = 64, Seed = seed };
        using var search = new DartsSearch<MlpGenotype>(new MlpSpace(table, hidden: 4), options, data);
        var result = search.Run();

        var last = result.Epochs[^1].Scopes[0];
        output.WriteLine(string.Join(", ", last.Operations.Select((name, i) => $"{name} {last.Weights[i]:F3}")));
        output.WriteLine("argmax per epoch: " + string.Join(" ", result.Epochs.Select(e => e.Scopes[0].Chosen)));
        output.WriteLine("dropped: " + string.Join(" ", result.Epochs.SelectMany(e => e.Dropped ?? []).Select(d => d.Operation)));
        Assert.Equal(planted, result.Genotype.Act);
    }
}
