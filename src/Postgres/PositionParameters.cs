using System.Globalization;
using Npgsql;

namespace EventFramework.Postgres;

/// <summary>
/// How a <see cref="LogPosition"/> travels as SQL parameters everywhere in this adapter: the xid8
/// commit as text (cast with <c>::text::xid8</c> in the statement), then the sequence.
/// </summary>
internal static class PositionParameters
{
    public static void Add(NpgsqlParameterCollection parameters, LogPosition position)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = Commit(position) });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = position.Sequence });
    }

    public static string Commit(LogPosition position) => position.Commit.ToString(CultureInfo.InvariantCulture);
}
