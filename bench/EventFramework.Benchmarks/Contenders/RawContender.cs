using System.Text.Json;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;
using Npgsql;
using NpgsqlTypes;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// "The limit": no framework, one bare table and the fastest honest SQL. An append is one
/// prepared INSERT over unnest'ed parameter arrays (one statement, one implicit transaction);
/// the unique (stream, version) constraint is the optimistic concurrency check. ReadAll is a
/// keyset scan on the bigserial with System.Text.Json deserializing each payload.
/// </summary>
internal sealed class RawContender(BenchDatabase database, string schema) : IStoreContender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NpgsqlDataSource _dataSource = database.CreateDataSource("raw");
    private readonly string _table = BenchDatabase.Quote(schema) + ".events";

    public string Name => "raw";

    private string CreateSql => $"""
        create schema if not exists {BenchDatabase.Quote(schema)};
        create table if not exists {_table} (
          seq bigserial primary key,
          id uuid not null,
          stream text not null,
          version bigint not null,
          type text not null,
          data jsonb not null,
          metadata jsonb not null,
          created timestamptz not null default now(),
          unique (stream, version)
        );
        """;

    private string InsertSql => $"""
        insert into {_table} (id, stream, version, type, data, metadata)
        select * from unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::jsonb[])
        """;

    private string ReadSql => $"""
        select seq, id, stream, version, type, data, metadata, created
        from {_table} where seq > $1 order by seq limit $2
        """;

    public async Task Open(bool fresh, CancellationToken ct = default)
    {
        if (fresh) await database.DropSchema(schema);
        await database.Execute(CreateSql);
    }

    public async Task Append(string stream, long eventsInStream, DepositBatch batch, CancellationToken ct = default)
    {
        var count = batch.Events.Count;
        var ids = new Guid[count];
        var streams = new string[count];
        var versions = new long[count];
        var types = new string[count];
        var data = new string[count];
        var metadata = new string[count];
        var meta = $$"""{"correlationId":"{{batch.CorrelationId}}"}""";
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7();
            streams[i] = stream;
            versions[i] = eventsInStream + i;
            types[i] = AccountDeposited.TypeName;
            data[i] = JsonSerializer.Serialize(batch.Events[i], Json);
            metadata[i] = meta;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(InsertSql, connection)
        {
            Parameters =
            {
                new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new() { Value = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new() { Value = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
            },
        };
        await command.PrepareAsync(ct);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<long> ReadAll(int pageSize, long limit = long.MaxValue, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(ReadSql, connection)
        {
            Parameters =
            {
                new() { Value = 0L, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = pageSize, NpgsqlDbType = NpgsqlDbType.Integer },
            },
        };
        await command.PrepareAsync(ct);
        long read = 0, after = 0;
        while (read < limit)
        {
            command.Parameters[0].Value = after;
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    after = reader.GetInt64(0);
                    _ = reader.GetGuid(1);
                    _ = reader.GetString(2);
                    _ = reader.GetInt64(3);
                    _ = reader.GetString(4);
                    var deposit = JsonSerializer.Deserialize<AccountDeposited>(reader.GetFieldValue<byte[]>(5), Json);
                    _ = reader.GetFieldValue<byte[]>(6);
                    _ = reader.GetFieldValue<DateTime>(7);
                    if (deposit is not null) rows++;
                }
            }
            if (rows == 0) break;
            read += rows;
        }
        return read;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
