using System.Text.Json;
using Npgsql;

namespace EventFramework.Postgres;

/// <summary>The outbox's statements for one schema.</summary>
internal sealed class OutboxSql(string schema)
{
    private const string Columns = "o.message_id, o.destination, o.key, o.type, o.payload, o.headers::text, o.transaction_id, o.position";

    public string Channel { get; } = schema + "_outbox";

    public string Enqueue { get; } = $"""
        insert into {schema}.outbox (message_id, destination, key, type, payload, headers)
        select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::json[])
        """;

    /// <summary>Only transactions older than every running one, in commit order: no gaps.</summary>
    public string ReadAfter { get; } = $"""
        select {Columns} from {schema}.outbox o
         where (o.transaction_id, o.position) > ($1::text::xid8, $2)
           and o.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         order by o.transaction_id, o.position
         limit $3
        """;

    public string LoadPosition { get; } = $"select commit_id, sequence from {schema}.outbox_relays where relay = $1";

    public string InsertPosition { get; } = $"insert into {schema}.outbox_relays (relay, commit_id, sequence) values ($1, $2::text::xid8, $3) on conflict do nothing";

    public string MovePosition { get; } = $"""
        update {schema}.outbox_relays set commit_id = $2::text::xid8, sequence = $3, updated = now()
         where relay = $1 and commit_id = $4::text::xid8 and sequence = $5
        """;

    /// <summary>$1 the relay, $2–$5 commit, sequence, reason and time per letter, then the messages as <see cref="AddMessages"/> binds them ($6–$11).</summary>
    public string DeadLetter { get; } = $"""
        insert into {schema}.outbox_dead_letters (relay, commit_id, sequence, reason, dead_at, message_id, destination, key, type, payload, headers)
        select $1, u.c::xid8, u.s, u.r, u.t, u.id, u.d, u.k, u.ty, u.p, u.h
          from unnest($2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::bytea[], $11::json[])
            as u(c, s, r, t, id, d, k, ty, p, h)
        on conflict do nothing
        """;

    public string LoadDeadLetters { get; } = $"""
        select d.message_id, d.destination, d.key, d.type, d.payload, d.headers::text, d.commit_id, d.sequence, d.reason, d.dead_at
          from {schema}.outbox_dead_letters d
         where d.relay = $1 order by d.commit_id, d.sequence
        """;

    /// <summary>Rows every relay is done with, older than the retention period ($1): they are published (or dead-lettered with a copy).</summary>
    public string DeleteRelayed { get; } = $"""
        with slowest as (select commit_id, sequence from {schema}.outbox_relays order by commit_id, sequence limit 1)
        delete from {schema}.outbox o using slowest
         where (o.transaction_id, o.position) <= (slowest.commit_id, slowest.sequence)
           and o.created <= now() - $1::interval
        """;

    /// <summary>Binds <paramref name="messages"/> as six arrays: ids, destinations, keys, types, payloads, headers (JSON).</summary>
    public static void AddMessages(NpgsqlParameterCollection parameters, IReadOnlyList<OutboxMessage> messages)
    {
        parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. messages.Select(m => m.MessageId)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Destination)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Key)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Type)] });
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. messages.Select(m => m.Payload)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => JsonSerializer.Serialize(m.Headers))] });
    }

    /// <summary>Binds the parameters of <see cref="DeadLetter"/>: a whole copy of each message, so a letter outlives its outbox row.</summary>
    public static void AddDeadLetters(NpgsqlParameterCollection parameters, string relay, IReadOnlyList<DeadLetter> deadLetters)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = relay });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. deadLetters.Select(d => PositionParameters.Commit(d.Message.Position))] });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. deadLetters.Select(d => d.Message.Position.Sequence)] });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. deadLetters.Select(d => d.Reason)] });
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. deadLetters.Select(d => d.At.ToUniversalTime())] });
        AddMessages(parameters, [.. deadLetters.Select(d => d.Message.Message)]);
    }
}
