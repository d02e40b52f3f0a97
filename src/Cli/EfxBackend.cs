namespace EventFramework.Cli;

/// <summary>The database an <see cref="EfxConnection"/> names.</summary>
public enum EfxBackend
{
    /// <summary>PostgreSQL through Npgsql: a <c>key=value</c> connection string.</summary>
    PostgreSql,

    /// <summary>An embedded SQLite file.</summary>
    Sqlite,
}
