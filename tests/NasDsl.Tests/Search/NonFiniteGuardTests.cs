using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

[Collection(TorchStateCollection.Name)]
public sealed class NonFiniteGuardTests
{
    private sealed class Switch
    {
        public bool On { get; set; }
    }

    /// <summary>U1 searches safe ops; U2's table holds Poison, which returns NaN once the switch is on.</summary>
    private static CellSpace PoisonedSpace(Switch poison) => new(
        TestOps.Unary(TestOps.Identity, TestOps.Tanh, TestOps.Sin),
        TestOps.Unary(TestOps.Tanh, TestOps.Poison(() => poison.On), TestOps.Identity),
        TestOps.Binary(TestOps.Add, TestOps.Mul, TestOps.Max));

    private sealed record Snapshot(int[][] Alphas, int[][] Weights, long AdamSteps, int[] MomentumBits);

    private static Snapshot Take(DartsSearch<CellGenotype> search, SGD sgd, Adam adam) => new(
        SearchFixtures.AlphaBits(search),
        SearchFixtures.WeightBits(search),
        adam.state_dict().State.Cast<Adam.State>().Sum(s => s.step),
        sgd.state_dict().State.Cast<SGD.State>().SelectMany(s => s.momentum_buffer!.data<float>().ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray());

    [Fact]
    public void ANonFiniteStepIsSkippedAndARunOfThemStopsTheSearchNamingTheScopeAndOperation()
    {
        using var data = SearchFixtures.SmallData();
        var poison = new Switch();
        var snapshots = new List<(StepRecord Step, Snapshot State)>();
        DartsSearch<CellGenotype>? search = null;
        SGD? sgd = null;
        Adam? adam = null;
        var observer = new CallbackObserver
        {
            Step = s =>
            {
                snapshots.Add((s, Take(search!, sgd!, adam!)));
                if (s.Step == 2) poison.On = true;
            },
        };
        var options = SearchFixtures.SmallOptions(1) with { MaxConsecutiveNonFiniteSteps = 3 };
        search = new DartsSearch<CellGenotype>(PoisonedSpace(poison), options, data, observer);
        using (search)
        {
            (sgd, adam) = Optimizers(search);
            var error = Assert.Throws<SearchDivergedException>(() => search.Run());

            // Steps 0–2 update; steps 3 and 4 are skipped and reported; step 5 is the third skip in a row and throws.
            Assert.Equal([false, false, false, true, true], snapshots.Select(s => s.Step.Skipped));
            Assert.Equal([0L, 0, 0, 1, 2], snapshots.Select(s => s.Step.SkippedSteps));
            Assert.True(double.IsNaN(snapshots[3].Step.TrainLoss));
            Assert.NotEqual(snapshots[1].State.Alphas, snapshots[2].State.Alphas);
            foreach (var skipped in new[] { 3, 4 })
            {
                Assert.Equal(snapshots[2].State.Alphas, snapshots[skipped].State.Alphas);
                Assert.Equal(snapshots[2].State.Weights, snapshots[skipped].State.Weights);
                Assert.Equal(snapshots[2].State.AdamSteps, snapshots[skipped].State.AdamSteps);
                Assert.Equal(snapshots[2].State.MomentumBits, snapshots[skipped].State.MomentumBits);
            }
            Assert.Equal(snapshots[2].State.Alphas, SearchFixtures.AlphaBits(search));
            Assert.Equal(3, search.Progress.SkippedSteps);

            Assert.Equal("U2", error.ScopePath);
            Assert.Equal("Poison", error.Operation);
            Assert.Equal((0, 5, 3), (error.Epoch, error.Step, error.ConsecutiveSkippedSteps));
            Assert.Contains("operation 'Poison' of scope 'U2'", error.Message);
            Assert.Contains("3 steps in a row", error.Message);
        }
    }

    [Fact]
    public void ADivergedSearchLeavesAValidCheckpointOfItsLastFiniteState()
    {
        using var data = SearchFixtures.SmallData();
        var folder = Directory.CreateTempSubdirectory("nasdsl-diverged-").FullName;
        var checkpoint = Path.Combine(folder, "checkpoint.bin");
        var poison = new Switch();
        var observer = new CallbackObserver { Step = s => { if (s.Step == 2) poison.On = true; } };
        var options = SearchFixtures.SmallOptions(1) with { MaxConsecutiveNonFiniteSteps = 3, CheckpointPath = checkpoint };
        byte[] alphasAtDivergence;
        using (var search = new DartsSearch<CellGenotype>(PoisonedSpace(poison), options, data, observer))
        {
            Assert.Throws<SearchDivergedException>(() => search.Run());
            alphasAtDivergence = SearchFixtures.AlphaBits(search).SelectMany(a => a).SelectMany(BitConverter.GetBytes).ToArray();
        }

        Assert.True(Checkpoint.IsValid(checkpoint));
        using var resumed = new DartsSearch<CellGenotype>(PoisonedSpace(new Switch()), options with { CheckpointPath = null }, data);
        resumed.LoadCheckpoint(checkpoint);
        Assert.Equal(alphasAtDivergence, SearchFixtures.AlphaBits(resumed).SelectMany(a => a).SelectMany(BitConverter.GetBytes).ToArray());
        Assert.Equal(6, resumed.Progress.Step);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AFiniteStepResetsTheRunOfSkippedSteps()
    {
        using var data = SearchFixtures.SmallData();
        var poison = new Switch();
        // Poison every other step: skipped steps never come two in a row, so the search finishes.
        var observer = new CallbackObserver { Step = s => poison.On = s.Step % 2 == 0 };
        var options = SearchFixtures.SmallOptions(1) with { MaxConsecutiveNonFiniteSteps = 2 };
        using var search = new DartsSearch<CellGenotype>(PoisonedSpace(poison), options, data, observer);
        var result = search.Run();
        Assert.Equal(8, result.SkippedSteps);
        Assert.Equal(8, result.Epochs[0].SkippedSteps);
        Assert.True(double.IsFinite(result.Epochs[0].TrainLoss));
    }

    [Fact]
    public void DiagnosisNamesAnOperationWhoseGradientAloneIsNotFinite()
    {
        manual_seed(3);
        // sqrt(|x|) is finite at 0, but its gradient there is not.
        var root = new OpInfo("RootAbs", 1, "√|{0}|", false) { Unary = x => x.abs().sqrt() };
        var space = new MlpSpace(TestOps.Unary(TestOps.Tanh, root, TestOps.Sin), hidden: 3);
        using var supernet = space.CreateSupernet(new SpaceOptions([2], 2));
        var network = (MlpNetwork)supernet.Network;
        using (no_grad())
        {
            network.H.weight!.zero_();
            network.H.bias!.zero_();
        }
        using var scope = NewDisposeScope();
        var finding = DivergenceDiagnosis.Diagnose(supernet, randn(4, 2));
        Assert.Equal(("Act", "RootAbs"), (finding.ScopePath, finding.Operation));
        Assert.Contains("non-finite gradient", finding.Description);
    }

    private static (SGD, Adam) Optimizers(DartsSearch<CellGenotype> search) => (search.WeightOptimizer, search.ArchitectureOptimizer);
}
