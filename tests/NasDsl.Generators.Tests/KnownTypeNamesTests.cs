using System.Reflection;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Tests.Infrastructure;
using TorchSharp;
using Xunit;

namespace NasDsl.Generators.Tests;

/// <summary>The generator finds the runtime's types only by the names in <see cref="KnownTypeNames"/>: each must be the
/// reflection name of the type it stands for, and must resolve, through the generator's own comparison, in a compilation
/// that references the runtime.</summary>
public sealed class KnownTypeNamesTests
{
    private static readonly Dictionary<string, Type> Expected = new()
    {
        [nameof(KnownTypeNames.SearchSpaceAttribute)] = typeof(SearchSpaceAttribute),
        [nameof(KnownTypeNames.CellAttribute)] = typeof(CellAttribute),
        [nameof(KnownTypeNames.InputAttribute)] = typeof(InputAttribute),
        [nameof(KnownTypeNames.OutputAttribute)] = typeof(OutputAttribute),
        [nameof(KnownTypeNames.EdgeAttribute)] = typeof(EdgeAttribute),
        [nameof(KnownTypeNames.RepeatAttribute)] = typeof(RepeatAttribute),
        [nameof(KnownTypeNames.OpSetAttribute)] = typeof(OpSetAttribute),
        [nameof(KnownTypeNames.UnaryPrimitiveAttribute)] = typeof(UnaryPrimitiveAttribute),
        [nameof(KnownTypeNames.BinaryPrimitiveAttribute)] = typeof(BinaryPrimitiveAttribute),
        [nameof(KnownTypeNames.Node)] = typeof(Node),
        [nameof(KnownTypeNames.PrimitiveContext)] = typeof(PrimitiveContext),
        [nameof(KnownTypeNames.Primitive)] = typeof(Primitive),
        [nameof(KnownTypeNames.BinaryPrimitive)] = typeof(BinaryPrimitive),
        [nameof(KnownTypeNames.SearchSpaceBaselines)] = typeof(ISearchSpaceBaselines<>),
        [nameof(KnownTypeNames.Tensor)] = typeof(torch.Tensor),
        [nameof(KnownTypeNames.UnaryModule)] = typeof(torch.nn.Module<,>),
        [nameof(KnownTypeNames.BinaryModule)] = typeof(torch.nn.Module<,,>),
    };

    private static IEnumerable<string> ConstantNames() => typeof(KnownTypeNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => f.Name);

    public static TheoryData<string> Constants() => new(ConstantNames());

    private static string ValueOf(string constant) =>
        (string)typeof(KnownTypeNames).GetField(constant, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    [Theory]
    [MemberData(nameof(Constants))]
    public void Constant_is_the_reflection_name_of_its_runtime_type(string constant)
    {
        Assert.True(Expected.TryGetValue(constant, out var type), $"add {constant} to this test's table");
        Assert.Equal(type.FullName, ValueOf(constant));
    }

    /// <summary>The generator compares symbols by <see cref="SymbolExtensions.MetadataFullName"/>; a name that only
    /// matched reflection (e.g. a nested type written with '.') would find nothing.</summary>
    [Theory]
    [MemberData(nameof(Constants))]
    public void Constant_finds_its_symbol_the_way_the_generator_compares(string constant)
    {
        var compilation = GeneratorHarness.CreateCompilation("");
        var symbol = compilation.GetTypeByMetadataName(ValueOf(constant));

        Assert.NotNull(symbol);
        Assert.Equal(ValueOf(constant), symbol.MetadataFullName());
    }

    [Fact]
    public void Table_covers_every_constant() => Assert.Equal(Expected.Keys.Order(), ConstantNames().Order());
}
