import { useEffect, useState } from 'preact/hooks';
import { api, AuditEvent, formatDate } from '../api';
import { usePageTitle } from '../hooks';
import { Message } from '../ui';

const PAGE = 25;

/** Newest first; "Older" pages with ?before=<last id>, "Newer" goes back through the pages seen. */
export function AuditPage() {
  usePageTitle('Audit log');
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  // The events remember which page they are: while the next page loads, none is shown under its caption.
  const [loaded, setLoaded] = useState<{ page: number; events: AuditEvent[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const before = cursors[cursors.length - 1];
  const page = cursors.length;

  useEffect(() => {
    api.get<AuditEvent[]>(`/audit-events?limit=${PAGE + 1}${before ? `&before=${before}` : ''}`).then(
      (events) => setLoaded({ page, events }),
      (e) => setError(e.status === 403 ? 'The audit log needs the role Security/Security.' : e.message),
    );
  }, [before, page]);
  const events = loaded?.page === page ? loaded.events : null;

  const shown = events?.slice(0, PAGE) ?? [];
  const hasOlder = (events?.length ?? 0) > PAGE;
  return (
    <main id="main">
      <h1>Audit log</h1>
      {error && <Message kind="error">{error}</Message>}
      {!events && !error && <p aria-live="polite">Loading…</p>}
      {events && (
        <>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Audit events">
            <table>
              <caption>Events, newest first{cursors.length > 1 ? ` (page ${cursors.length})` : ''}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">By</th>
                  <th scope="col">Target</th>
                  <th scope="col">Address</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(e.at)}</td>
                    <td>{e.action}</td>
                    <td>{e.actor?.loginId ?? '—'}</td>
                    <td>
                      {e.target.type}
                      {e.target.loginId ? ` ${e.target.loginId}` : e.target.id ? ` ${e.target.id}` : ''}
                    </td>
                    <td>{e.ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!shown.length && <p>No events.</p>}
          <div class="actions">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer events
            </button>
            <button type="button" disabled={!hasOlder} onClick={() => setCursors((c) => [...c, shown[shown.length - 1].id])}>
              Older events
            </button>
          </div>
        </>
      )}
    </main>
  );
}
