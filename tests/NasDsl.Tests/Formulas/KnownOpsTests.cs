using System.Reflection;
using NasDsl.Operations;
using NasDsl.Tests.Operations;
using Xunit;

namespace NasDsl.Tests.Formulas;

/// <summary>Simplification and naming match operations by name: every name they rely on must exist.</summary>
public class KnownOpsTests
{
    private static readonly Type[] OpSets = [typeof(Unary), typeof(Binary), typeof(Activations), typeof(Extended), typeof(ExtendedBinary)];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(KnownOps).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
        {
            var value = (string)field.GetRawConstantValue()!;
            if (field.Name is not (nameof(KnownOps.Sum) or nameof(KnownOps.NegateSymbol))) data.Add(value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void NamesAnOperationOfTheOpSets(string name) =>
        Assert.Contains(OpSets.SelectMany(OpSetMembers.Of), o => o.Name == name);

    [Fact]
    public void NegationsItCreatesPrintLikeUnaryNegate() =>
        Assert.Equal(KnownOps.NegateSymbol, OpSetMembers.Op(typeof(Unary), KnownOps.Negate).Symbol);

    [Fact]
    public void FoldedValuesMatchTheOperations()
    {
        // Every unary operation KnownOps can evaluate, against the tensor operation itself.
        var inputs = new[] { -1.5, 0, 0.5, 2 };
        foreach (var op in OpSetMembers.Of(typeof(Unary)).Concat(OpSetMembers.Of(typeof(Activations))))
        {
            var method = (op.Name == "Identity" ? typeof(Unary) : OpSets.First(s => s.GetMethod(op.Name) is not null)).GetMethod(op.Name)!;
            foreach (var x in inputs)
            {
                if (KnownOps.Evaluate(op.Name, x) is not { } expected) continue;
                using var scope = TorchSharp.torch.NewDisposeScope();
                var actual = ((TorchSharp.torch.Tensor)method.Invoke(null, [TorchSharp.torch.tensor(x)])!).item<double>();
                Assert.True(Math.Abs(actual - expected) < 1e-12, $"{op.Name}({x}) folds to {expected}, operation gives {actual}");
            }
        }
    }
}
