using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using TorchSharp;
using Xunit;

namespace NasDsl.Tests.Search;

[Collection(TorchStateCollection.Name)]
public sealed class MemoryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LiveTensorsStayFlatFromStepToStep(bool secondOrder)
    {
        using var data = SearchFixtures.SmallData();
        var live = new List<long>();
        var observer = new CallbackObserver { Step = _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount) };
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(2) with { SecondOrder = secondOrder }, data, observer);
        search.Run();
        // The first steps create optimiser state (momentum buffers); after that every step must free what it makes.
        Assert.All(live.Skip(2), count => Assert.Equal(live[2], count));
    }
}
