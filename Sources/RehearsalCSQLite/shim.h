// The system SQLite (libsqlite3-dev on Debian and Ubuntu) for Swift. RehearsalStore is the only module that
// imports it; no SQLite type appears in a public signature.
#include <sqlite3.h>
