using DuckDB.NET.Data;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>Runs SQL on an in-memory DuckDB: the independent reader our Parquet output is checked against.</summary>
internal sealed class DuckDbQuery : IDisposable
{
    private readonly DuckDBConnection _connection;

    public DuckDbQuery()
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
    }

    /// <summary>A path as a SQL string literal.</summary>
    public static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The first column of the first row, or null for SQL NULL.</summary>
    public object? Scalar(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, with SQL NULL as null.</summary>
    public List<object?[]> Rows(string sql) => Query(sql).Rows;

    /// <summary>Column names and every row, with SQL NULL as null.</summary>
    public (string[] Names, List<object?[]> Rows) Query(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        using DuckDBDataReader reader = command.ExecuteReader();
        string[] names = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return (names, rows);
    }

    /// <summary>Column name → DuckDB type name, from <c>DESCRIBE</c>.</summary>
    public Dictionary<string, string> Describe(string source) =>
        Rows($"DESCRIBE SELECT * FROM {source}").ToDictionary(row => (string)row[0]!, row => (string)row[1]!);

    public void Execute(string sql)
    {
        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
