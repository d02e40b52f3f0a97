using Npgsql;
using Xunit;

namespace EventFramework.Testing;

/// <summary>
/// An xunit class fixture holding one <see cref="PostgresSchema"/> for a test class:
/// <c>IClassFixture&lt;PostgresSchemaFixture&gt;</c>, or a subclass passing its own schema name prefix.
/// </summary>
public class PostgresSchemaFixture : IAsyncLifetime
{
    private readonly string _prefix;
    private PostgresSchema? _schema;

    /// <summary>A fixture whose schema names start with <c>test_</c>.</summary>
    public PostgresSchemaFixture() : this("test")
    {
    }

    /// <summary>A fixture whose schema names start with <paramref name="prefix"/> (see <see cref="PostgresSchema.Create"/>).</summary>
    protected PostgresSchemaFixture(string prefix) => _prefix = prefix;

    /// <summary>The schema; available once xunit has called <see cref="InitializeAsync"/>.</summary>
    public PostgresSchema Schema => _schema ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public string Name => Schema.Name;

    public string ConnectionString => Schema.ConnectionString;

    public NpgsqlDataSource DataSource => Schema.DataSource;

    /// <summary>Creates the schema; subclasses may override to migrate or seed it after calling the base.</summary>
    public virtual async Task InitializeAsync() => _schema = await PostgresSchema.Create(_prefix).ConfigureAwait(false);

    /// <summary>Drops the schema.</summary>
    public virtual async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync().ConfigureAwait(false);
        }
    }
}
