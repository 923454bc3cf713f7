using System.Linq;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>What makes a member a usable primitive (NAS007) and a type a usable fixed module (NAS013).</summary>
internal static class PrimitiveRules
{
    public static int? ArityOf(ISymbol member) =>
        member.HasAttribute(KnownTypeNames.UnaryPrimitiveAttribute) ? 1
        : member.HasAttribute(KnownTypeNames.BinaryPrimitiveAttribute) ? 2
        : null;

    /// <summary>Why a static-method primitive is unusable, or null when it is fine.</summary>
    public static string? MethodProblem(IMethodSymbol method, int arity)
    {
        var expected = arity == 1 ? $"public static Tensor {method.Name}(Tensor x)" : $"public static Tensor {method.Name}(Tensor a, Tensor b)";
        if (!method.IsStatic) return $"must be static: declare it as '{expected}'";
        if (method.IsGenericMethod) return $"must not be generic: declare it as '{expected}'";
        if (!method.ReturnType.IsTensor() || method.Parameters.Length != arity || method.Parameters.Any(p => !p.Type.IsTensor() || p.RefKind != RefKind.None))
            return $"has the wrong signature for a {(arity == 1 ? "unary" : "binary")} primitive: declare it as '{expected}'";
        if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
            return $"must be public or internal so the op table can call it";
        return null;
    }

    /// <summary>Why a primitive class is unusable, or null when it is fine.</summary>
    public static string? ClassProblem(INamedTypeSymbol type, int arity)
    {
        var baseName = arity == 1 ? KnownTypeNames.Primitive : KnownTypeNames.BinaryPrimitive;
        var simpleBase = arity == 1 ? "Primitive" : "BinaryPrimitive";
        if (!type.DerivesFrom(baseName)) return $"must derive from NasDsl.{simpleBase}";
        if (type.IsAbstract) return "must not be abstract";
        if (type.IsGenericType) return "must not be generic";
        if (ConstructorKind(type) is null) return $"needs a public constructor taking a PrimitiveContext, or a parameterless one";
        return null;
    }

    /// <summary>True when the type's usable constructor takes a PrimitiveContext; false when parameterless; null when neither exists.</summary>
    public static bool? ConstructorKind(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal).ToList();
        if (constructors.Any(c => c.Parameters.Length == 1 && c.Parameters[0].Type.MetadataFullName() == KnownTypeNames.PrimitiveContext)) return true;
        if (constructors.Any(c => c.Parameters.Length == 0)) return false;
        return null;
    }
}
