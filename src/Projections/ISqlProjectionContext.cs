namespace EventFramework;

/// <summary>
/// What the SQL sinks (PostgreSQL, SQLite) share: statements with positional parameters
/// (<c>$1</c>, <c>$2</c>, ...) run in the batch's transaction. A projection written against it,
/// <c>class Balances&lt;TContext&gt; : Projection&lt;TContext&gt; where TContext : ISqlProjectionContext</c>,
/// serves both backends as long as its SQL is in their common dialect (e.g. <c>insert ... on conflict
/// (...) do update</c>, integer amounts).
/// </summary>
public interface ISqlProjectionContext
{
    /// <summary>Runs <paramref name="sql"/> in the batch's transaction and returns the number of rows changed.</summary>
    Task<int> Execute(string sql, params object?[] parameters);
}
