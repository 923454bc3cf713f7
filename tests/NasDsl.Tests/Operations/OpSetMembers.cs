using System.Reflection;

namespace NasDsl.Tests.Operations;

/// <summary>
/// Reads an op set's operations from its attributes, as the generator will, so tests do not need the
/// generated <c>Table</c>. Order: static methods in declaration order, then nested primitive classes in
/// declaration order (how the NasDsl.Operations sets are laid out).
/// </summary>
internal static class OpSetMembers
{
    public static IReadOnlyList<OpInfo> Of(Type opSet)
    {
        var methods = opSet.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => (Member: (MemberInfo)m, Arity: m.GetParameters().Length));
        var classes = opSet.GetNestedTypes(BindingFlags.Public)
            .Select(t => (Member: (MemberInfo)t, Arity: typeof(BinaryPrimitive).IsAssignableFrom(t) ? 2 : 1));
        return methods.OrderBy(m => m.Member.MetadataToken)
            .Concat(classes.OrderBy(c => c.Member.MetadataToken))
            .Select(m => (m.Member, m.Arity, Attribute: m.Member.GetCustomAttribute<PrimitiveAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => new OpInfo(m.Member.Name, m.Arity, m.Attribute!.Symbol ?? m.Member.Name.ToLowerInvariant() + "({0})", m.Attribute.IsZero))
            .ToArray();
    }

    /// <summary>The operation named <paramref name="name"/> of <paramref name="opSet"/>.</summary>
    public static OpInfo Op(Type opSet, string name) => Of(opSet).Single(o => o.Name == name);
}
