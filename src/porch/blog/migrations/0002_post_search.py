"""Full-text search index for posts, built by each database's own engine.

SQLite gets an FTS5 table (title, excerpt, body, author name) kept in step by
triggers; PostgreSQL gets a stored generated tsvector column with a GIN index. Neither
is part of Django's model state, so ``makemigrations`` never sees them.

On SQLite, a later migration that rebuilds ``blog_post`` or ``people_person`` (Django
remakes tables for most column changes) drops the triggers with the old table: such a
migration must run ``SQLITE_TRIGGERS`` again. The search tests fail if it does not.
"""

from django.db import migrations

SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS blog_post_search USING fts5(
    title, excerpt, body, author,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""

# Why a plain FTS table and not external content: the author's name lives in another
# table, and external-content tables can only mirror columns of one table.
SQLITE_ROW = """
    INSERT INTO blog_post_search (rowid, title, excerpt, body, author)
    SELECT new.id, new.title, new.excerpt, new.body,
           (SELECT display_name FROM people_person WHERE id = new.author_id);
"""

SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS blog_post_search_insert AFTER INSERT ON blog_post
    BEGIN {SQLITE_ROW} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS blog_post_search_update AFTER UPDATE ON blog_post
    BEGIN
        DELETE FROM blog_post_search WHERE rowid = old.id;
        {SQLITE_ROW}
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS blog_post_search_delete AFTER DELETE ON blog_post
    BEGIN
        DELETE FROM blog_post_search WHERE rowid = old.id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS blog_post_search_author
    AFTER UPDATE OF display_name ON people_person
    BEGIN
        UPDATE blog_post_search SET author = new.display_name
        WHERE rowid IN (SELECT id FROM blog_post WHERE author_id = new.id);
    END
    """,
]

SQLITE_FILL = """
INSERT INTO blog_post_search (rowid, title, excerpt, body, author)
SELECT post.id, post.title, post.excerpt, post.body, person.display_name
FROM blog_post AS post JOIN people_person AS person ON person.id = post.author_id
"""

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS blog_post_search_insert",
    "DROP TRIGGER IF EXISTS blog_post_search_update",
    "DROP TRIGGER IF EXISTS blog_post_search_delete",
    "DROP TRIGGER IF EXISTS blog_post_search_author",
    "DROP TABLE IF EXISTS blog_post_search",
]

# Must match porch.blog.search.POSTGRES_DOCUMENT_COLUMN's weights: title A, excerpt
# B, body C. The author's name is matched at query time (it lives in another table).
POSTGRES_CREATE = [
    """
    ALTER TABLE blog_post ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(excerpt, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX blog_post_search_document_gin ON blog_post USING GIN (search_document)",
]

POSTGRES_DROP = [
    "DROP INDEX IF EXISTS blog_post_search_document_gin",
    "ALTER TABLE blog_post DROP COLUMN IF EXISTS search_document",
]


def run_for_vendor(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run_for_vendor(
                {
                    "sqlite": [SQLITE_TABLE, *SQLITE_TRIGGERS, SQLITE_FILL],
                    "postgresql": POSTGRES_CREATE,
                }
            ),
            run_for_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
