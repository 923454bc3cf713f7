using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;

namespace NasDsl.Generators.Registry;

/// <summary>One architecture-weight scope: its path, op set and candidate count.</summary>
internal sealed record ScopeCount(string Path, string OpSet, int Candidates);

/// <summary>One mixed edge of one placement and the scope whose alphas it uses.</summary>
internal sealed record EdgeCount(string Path, string Scope, string OpSet, int Candidates);

/// <summary>A search space's statistics, counted from its symbols; <see cref="Architectures"/> is a decimal number.</summary>
internal sealed record SpaceStatisticsModel(TypeLocation Type, string Architectures, EquatableArray<ScopeCount> Scopes, EquatableArray<EdgeCount> Edges);
