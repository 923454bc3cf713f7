using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Model;
using Xunit;

namespace NasDsl.Generators.Tests.Incrementality;

/// <summary>
/// What flows between pipeline steps must compare by value and must not root a compilation: no symbol, syntax, location,
/// semantic model or compilation in any field reachable from a model type, and no bare <see cref="ImmutableArray{T}"/>
/// (it compares by reference; <c>EquatableArray</c> wraps it).
/// </summary>
public sealed class ModelPurityTests
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxToken), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(AttributeData), typeof(IOperation), typeof(Diagnostic),
    ];

    private static readonly Assembly Generator = typeof(SearchSpaceGenerator).Assembly;

    /// <summary>The model namespace, the transform result closed over both models, and the diagnostic values.</summary>
    private static IEnumerable<Type> Types() =>
        Generator.GetTypes().Where(t => t.Namespace == typeof(CellModel).Namespace && !t.IsGenericTypeDefinition && !t.IsNested)
            .Append(typeof(ParseResult<CellModel>))
            .Append(typeof(ParseResult<OpSetModel>))
            .Append(typeof(DiagnosticInfo))
            .Append(typeof(LocationInfo));

    public static TheoryData<Type> ModelTypes() => new(Types());

    [Fact]
    public void The_model_namespace_holds_the_expected_types()
    {
        var names = Types().Select(t => t.Name).ToList();
        Assert.Contains(nameof(CellModel), names);
        Assert.Contains(nameof(OpSetModel), names);
        Assert.Contains(nameof(EdgeModel), names);
        Assert.True(names.Count >= 10, string.Join(", ", names));
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_type_holds_no_compilation_data(Type type)
    {
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        var pending = new Queue<(Type Type, string Path)>([(type, type.Name)]);
        while (pending.Count > 0)
        {
            var (current, path) = pending.Dequeue();
            if (!seen.Add(current)) continue;
            foreach (var forbidden in Forbidden.Where(f => f.IsAssignableFrom(current)))
                problems.Add($"{path} is a {forbidden.Name}");
            if (current.IsArray) pending.Enqueue((current.GetElementType()!, path + "[]"));
            foreach (var argument in current.IsGenericType ? current.GetGenericArguments() : [])
                pending.Enqueue((argument, $"{path}<{argument.Name}>"));
            if (current.Assembly != Generator && !IsImmutableArray(current))
                continue;
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (IsImmutableArray(field.FieldType) && !(current.IsGenericType && current.GetGenericTypeDefinition().Name == "EquatableArray`1"))
                    problems.Add($"{path}.{field.Name} is an ImmutableArray, which compares by reference");
                pending.Enqueue((field.FieldType, $"{path}.{field.Name}"));
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static bool IsImmutableArray(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_type_compares_by_value(Type type)
    {
        // Records and the equatable array override Equals; enums compare by value already.
        Assert.True(type.IsEnum || type.GetMethod("Equals", [type]) is not null, $"{type.Name} has no typed Equals");
    }
}
