using NasDsl.Operations;
using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using Xunit.Abstractions;

namespace NasDsl.Tests.Search;

/// <summary>
/// Planted activations over the full 21-operation <see cref="Unary"/> set, with each method's preset
/// (<see cref="SearchPresets"/>) and no per-test tuning of any learning rate: data from a teacher y = w2 · f(W1 · x)
/// with a known f (labels: 8 quantile bins of y), and a search over one mixed edge between two linear layers must
/// choose f. Only the budget and the data are the test's own.
/// </summary>
/// <remarks>
/// <para>
/// Which operations a teacher can plant. The student is Linear → f → Linear with biases, so several operations are
/// the same function class and no data can tell them apart: Identity ≡ Negate, Max0 ≡ Min0 (flip both layers),
/// Tanh ≡ Sigmoid (tanh u = 2σ(2u) − 1) and Sin ≡ Cos (a bias of π/2). Others are near-duplicates over the inputs a
/// teacher produces: Tanh/Atan/Erf (sigmoid-like), Max0/Softplus, Cube/Sinh, Exp/Sinh/Cosh/Softplus (with a
/// shift), and the even bumps Gaussian/Cos/Sinc, which a narrow first layer turns into ±Square as Cosh and Abs
/// are turned into Square. Binned labels are moreover invariant under monotone maps of y, so monotone teachers
/// carry little shape. The planted operations are Sin (index 7), which at scale 3 spans about three periods that
/// no monotone or even candidate can follow (Cos would, with a bias of π/2 that the student must first learn),
/// and, where it holds, Square (index 4), the only polynomial even candidate. Square, Cube, Abs and the
/// piecewise-linear operations are homogeneous, so the scale does not change their labels at all.
/// </para>
/// <para>
/// Measured at this setup (4096 samples, 8 features, teacher and student width 4, 8 classes, teacher seed 7,
/// scale 3, batch 16, 12 epochs = 1536 steps; AVX2 and default kernels gave the same choices), over the 20
/// non-Zero operations × seeds 1 and 2:
/// </para>
/// <list type="bullet">
/// <item>DrNAS at its preset recovers Sin with both seeds, and no other teacher makes it choose Sin. Square, Cube,
/// Exp, Sinc and Max0 it recovers with seed 1 only, Sinh and Cosh with seed 2 only; Square is also what it chooses
/// for the Abs, Cos and Sinc teachers. Seed 2 loses Square to progressive shrinking before the search has learnt anything:
/// the schedule (<see cref="Shrinking.Schedule"/>) lays GRAFS' log-spaced curve over steps, so of the 20 drops
/// two come before the first architecture step and six within the first five steps (Zero, Negate | Sigmoid |
/// Square | Min0 | · | Identity for seed 2), while Adam at 3e-4 has moved no alpha by more than 1.5e-3 and the
/// alphas start at 1e-3 · N(0, 1). Those drops take the lowest initial alphas whatever the data (seed 1: Abs and
/// Identity; seed 2: Negate, Sigmoid, then Square at −1.2e-3). A longer search does not help: the first drops stay
/// within the first few steps for any practical budget.</item>
/// <item>GDAS at its preset recovers Sin with both seeds (at 6 epochs seed 2 chose Max0). Square, Gaussian and
/// Sigmoid it recovers with seed 1 only and Softplus with seed 2 only; with seed 2 Square stays in play to the
/// last drop, which keeps Max0 instead. For monotone teachers its choice follows the seed, not the data (seed 1:
/// Sigmoid, seed 2: Erf or Softplus).</item>
/// <item>DARTS at its preset recovers no identifiable operation with both seeds. Adam at 3e-4 moves an alpha by at
/// most 3e-4 a step, so after 1408 search steps the softmax is still near uniform (top weight ≈ 0.06 to 0.08 of
/// 21) and the argmax goes to an operation whose gradient kept its sign: Sin → Sinc (both seeds), Square → Abs
/// (seed 1), Exp → Identity, Cube → Sinh, sigmoid-like and piecewise-linear teachers → Identity, bumps → Negate
/// or Square; Square (seed 2), Sinh and Max0 (seed 1) it recovers with one seed. It does choose Abs for the Abs
/// teacher with both seeds, but it also chooses Abs for the Square, Cos and Cosh teachers, so that is no recovery. A 40-epoch search (5120 steps, 4 features, width 2, scale 2) did no
/// better: Square → Negate, Sin → Sinc, Exp → Square or Softplus; only Cube with seed 1. The older
/// <see cref="PlantedActivationTests"/> pass with an architecture learning rate 100 times the preset's.</item>
/// </list>
/// <para>
/// So <see cref="PresetCases"/> holds the cases that pass at the presets, and DARTS has none.
/// <see cref="ShrinkAfterOneSearchEpochCases"/> checks the diagnosis: with the first drop one search epoch later
/// (ShrinkFromEpoch = WarmupEpochs + 1, every other setting the preset's) DrNAS recovers Square with both seeds
/// too. At 6 epochs it then also recovered Exp with both seeds, but not at 8 or 12 epochs nor with teacher seeds 8
/// and 9, so Exp is left out. Teacher seed 8 at scale 3 defeats even Sin there (validation accuracy near chance).
/// </para>
/// </remarks>
[Collection(TorchStateCollection.Name)]
public sealed class PlantedUnaryTests(ITestOutputHelper output)
{
    private const int Samples = 4096;
    private const int Features = 8;
    private const int Hidden = 4;
    private const int Classes = 8;
    private const int TeacherSeed = 7;
    private const double Scale = 3;
    // 2048 training samples in batches of 16: 128 steps an epoch, 1536 in all, one warm-start epoch for DrNAS and GDAS.
    private const int BatchSize = 16;
    private const int Epochs = 12;

    /// <summary>The cases that hold at each method's preset; DARTS has none (see the remarks).</summary>
    public static TheoryData<SearchMethod, string, int> PresetCases() => new()
    {
        { SearchMethod.DrNas, "Sin", 1 },
        { SearchMethod.DrNas, "Sin", 2 },
        { SearchMethod.Gdas, "Sin", 1 },
        { SearchMethod.Gdas, "Sin", 2 },
    };

    [Theory]
    [MemberData(nameof(PresetCases))]
    public void TheSearchChoosesThePlantedOperation(SearchMethod method, string planted, int seed) =>
        Search(SearchPresets.For(method), planted, seed);

    /// <summary>DrNAS with its first drop after one search epoch; see the remarks.</summary>
    public static TheoryData<string, int> ShrinkAfterOneSearchEpochCases() => new()
    {
        { "Square", 1 },
        { "Square", 2 },
        { "Sin", 1 },
        { "Sin", 2 },
    };

    [Theory]
    [MemberData(nameof(ShrinkAfterOneSearchEpochCases))]
    public void DrNasChoosesThePlantedOperationWhenShrinkingWaitsOneSearchEpoch(string planted, int seed)
    {
        var preset = SearchPresets.DrNas;
        Search(preset with { ShrinkFromEpoch = preset.WarmupEpochs + 1 }, planted, seed);
    }

    private void Search(SearchOptions preset, string planted, int seed)
    {
        var table = Unary.Table;
        var op = table[table.IndexOf(planted)];
        using var data = TeacherData.CreateBinned(op.Unary!, Samples, Features, Hidden, Classes, TeacherSeed, Scale);
        // Only the budget, the seed and the thread count (for speed and bit-identical runs) differ from the preset.
        var options = preset with { Epochs = Epochs, BatchSize = BatchSize, Seed = seed, Threads = 1 };
        using var search = new DartsSearch<MlpGenotype>(new MlpSpace(table, hidden: Hidden), options, data);
        var result = search.Run();

        var last = result.Epochs[^1].Scopes[0];
        output.WriteLine(string.Join(", ", last.Operations.Select((name, i) => $"{name} {last.Alphas[i]:F3}/{last.Weights[i]:F3}")));
        output.WriteLine("argmax per epoch: " + string.Join(" ", result.Epochs.Select(e => e.Scopes[0].Chosen)));
        output.WriteLine("dropped: " + string.Join(" ", result.Epochs.SelectMany(e => e.Dropped ?? []).Select(d => $"{d.Operation}@{d.Epoch}.{d.Step}")));
        Assert.Equal(12 * 128, search.StepsPerEpoch * options.Epochs);
        Assert.Equal(planted, result.Genotype.Act);
    }
}
