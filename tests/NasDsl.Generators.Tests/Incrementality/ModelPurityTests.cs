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
        Generator.GetTypes().Where(t => t.Namespace == typeof(CellModel).Namespace && !t.IsGenericTypeDefinition && !t.IsNested && !IsStatic(t))
            .Append(typeof(ParseResult<CellModel>))
            .Append(typeof(ParseResult<OpSetModel>))
            .Append(typeof(DiagnosticInfo));

    private static bool IsStatic(Type type) => type.IsAbstract && type.IsSealed;

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

    /// <summary>A diagnostic keeps the location its syntax gave (a tree and a span, no compilation), so that it is
    /// reported inside the compilation's tree and #pragma applies; nothing else may hold one.</summary>
    private static bool IsDiagnosticLocation(Type owner, FieldInfo field) =>
        owner == typeof(DiagnosticInfo) && field.FieldType == typeof(Location);

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
                if (IsDiagnosticLocation(current, field)) continue;
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
    public void Model_type_compares_by_value(Type type) =>
        Assert.True(ValueEqualityProblems(type).Count == 0, string.Join(Environment.NewLine, ValueEqualityProblems(type)));

    /// <summary>The check above on types that break value equality: an array and a list compare by reference, a plain
    /// class by reference unless it overrides Equals.</summary>
    [Fact]
    public void Value_equality_check_rejects_reference_fields()
    {
        var problems = ValueEqualityProblems(typeof(ReferenceFields));

        Assert.Equal(
            ["ReferenceFields.Names is String[]", "ReferenceFields.Numbers is List`1", "ReferenceFields.Plain is PlainClass"],
            problems.Order(StringComparer.Ordinal));
    }

    private sealed record ReferenceFields(string[] Names, List<int> Numbers, PlainClass Plain, string Fine, EdgeKindModel AlsoFine);

    private sealed class PlainClass;

    /// <summary>Every field reachable from <paramref name="type"/> whose type compares by reference. Value types are a
    /// string, a primitive, an enum, a nullable or an EquatableArray of them, a descriptor, a diagnostic's location, or a
    /// record whose fields are all such types (records compare their fields; the walk checks the fields).</summary>
    private static List<string> ValueEqualityProblems(Type type)
    {
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        Walk(type, type.Name);
        return problems;

        void Walk(Type current, string path)
        {
            if (!seen.Add(current)) return;
            if (current == typeof(string) || current.IsPrimitive || current.IsEnum || current == typeof(DiagnosticDescriptor)) return;
            if (Nullable.GetUnderlyingType(current) is { } underlying)
            {
                Walk(underlying, path);
                return;
            }
            var isEquatableArray = current.IsGenericType && current.GetGenericTypeDefinition().Name == "EquatableArray`1";
            if (isEquatableArray)
            {
                Walk(current.GetGenericArguments()[0], $"{path}<{current.GetGenericArguments()[0].Name}>");
                return;
            }
            if (current.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is null)
            {
                problems.Add($"{path} is {current.Name}");
                return;
            }
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                if (!IsDiagnosticLocation(current, field)) Walk(field.FieldType, $"{path}.{FieldName(field)}");
        }
    }

    private static string FieldName(FieldInfo field) =>
        field.Name.StartsWith('<') ? field.Name.Substring(1, field.Name.IndexOf('>') - 1) : field.Name;
}
