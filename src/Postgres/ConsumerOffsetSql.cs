namespace EventFramework.Postgres;

/// <summary>The consumer offsets' statements for one schema (table from Scripts/6_ConsumerOffsets.sql).</summary>
internal sealed class ConsumerOffsetSql(string schema)
{
    public string Load { get; } = $"select partition, next_offset from {schema}.consumer_offsets where consumer = $1 and topic = $2";

    /// <summary>
    /// The compare-and-set of every range at once: a stored offset equal to the range's start moves; a
    /// partition with nothing stored gets its first row. Returns how many ranges moved (all, or the
    /// caller rolls back).
    /// </summary>
    public string Move { get; } = $"""
        with ranges as (
            select * from unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[]) as r(topic, partition, from_offset, next_offset)
        ), moved as (
            update {schema}.consumer_offsets o set next_offset = r.next_offset, updated = now()
              from ranges r
             where o.consumer = $1 and o.topic = r.topic and o.partition = r.partition and o.next_offset = r.from_offset
            returning o.topic, o.partition
        ), inserted as (
            insert into {schema}.consumer_offsets (consumer, topic, partition, next_offset)
            select $1, r.topic, r.partition, r.next_offset from ranges r
             where not exists (select 1 from moved m where m.topic = r.topic and m.partition = r.partition)
            on conflict do nothing
            returning 1
        )
        select (select count(*) from moved) + (select count(*) from inserted)
        """;
}
