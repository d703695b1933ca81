using System.Net.Sockets;
using Npgsql;

namespace Facet.Streaming.Processing;

/// <summary>Which warehouse failures are worth retrying (the server or network will come back) and which are not (fix and restart).</summary>
internal static class WarehouseErrors
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return IsTransientSqlState(pg.SqlState);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case IOException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    private static bool IsTransientSqlState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || state.StartsWith("53", StringComparison.Ordinal) // insufficient resources
        || state is "57P01" or "57P02" or "57P03" // admin shutdown (pg_terminate_backend), crash shutdown, cannot connect now
        || state is "40001" or "40P01" // serialization failure, deadlock: the whole batch was rolled back
        || state is "55P03"; // lock not available
}
