/**
 * Library work `/work`: the library roots and the tracks by fingerprint status; scan a root (`scanLibraryRoot`,
 * called again while it reports `complete: false`, then following the extraction job it starts); start an
 * extraction (`startExtraction`: missing, stale or all); live progress of the job over the SSE subscription
 * `jobProgress` (bar, files per second, ETA, current file); its failures with their reasons
 * (`Job.failurePage`); cancel. The job followed is in the query string (`?job=<id>`), so a reload goes on
 * following it.
 */
import { useClient, useMutation, useQuery, useSubscription } from '@urql/preact';
import type { CombinedError } from '@urql/core';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { apiToken, setApiToken } from '../client.ts';
import { graphql } from '../gql/index.ts';
import type { ExtractionSelection, ScanLibraryRootMutation } from '../gql/graphql.ts';
import { errorText } from '../errorText.ts';

const WorkOverview = graphql(`
  query WorkOverview {
    libraryRoots {
      path
      stored
      configured
    }
    libraryStats {
      trackCount
      missingCount
      staleCount
      byStatus {
        status
        count
      }
    }
  }
`);

const RecentJobs = graphql(`
  query RecentJobs {
    jobs(first: 5) {
      id
      kind
      status
      selection
      processed
      total
      failed
      createdAt
    }
  }
`);

const ScanLibraryRoot = graphql(`
  mutation ScanLibraryRoot($path: String!, $maxSeconds: Float) {
    scanLibraryRoot(path: $path, extract: true, maxSeconds: $maxSeconds) {
      scan {
        root
        complete
        files
        added
        updated
        unchanged
        stale
        gone
        warnings
        toExtract
        skipped {
          path
          reason
          message
        }
        tagErrors {
          path
          message
        }
      }
      job {
        ...JobState
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const StartExtraction = graphql(`
  mutation StartExtraction($selection: ExtractionSelection!) {
    startExtraction(input: { selection: $selection }) {
      job {
        ...JobState
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const CancelJob = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) {
      job {
        ...JobState
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const JobProgress = graphql(`
  subscription JobProgress($id: ID!) {
    jobProgress(id: $id) {
      id
      kind
      status
      selection
      processed
      total
      succeeded
      failed
      skipped
      currentFile
      rate
      etaSeconds
      error
      createdAt
      finishedAt
    }
  }
`);

const JobFailures = graphql(`
  query JobFailures($id: ID!, $after: String) {
    job(id: $id) {
      id
      failurePage(first: 20, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            path
            code
            message
          }
        }
      }
    }
  }
`);

/** Seconds of file reading per scan call; the view calls again until the scan is complete. */
const SCAN_SLICE_SECONDS = 5;

type ScanReport = NonNullable<ScanLibraryRootMutation['scanLibraryRoot']['scan']>;

interface ScanState {
  readonly root: string;
  readonly running: boolean;
  /** New and changed files over all calls so far. */
  readonly added: number;
  readonly updated: number;
  readonly calls: number;
  readonly last: ScanReport | null;
  readonly problem: string | null;
}

/** Whether a failed operation was refused for want of the API token. */
function needsToken(codes: readonly (string | undefined)[]): boolean {
  return codes.includes('UNAUTHENTICATED');
}

function errorCodes(error: CombinedError | undefined): (string | undefined)[] {
  return error?.graphQLErrors.map((e) => e.extensions?.code as string | undefined) ?? [];
}

/** Seconds as "1 h 02 min", "3 min 05 s" or "12 s". */
function formatEta(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

function TokenForm({ onSaved }: { onSaved(): void }) {
  const [value, setValue] = useState(apiToken() ?? '');
  return (
    <form
      class="token-form"
      aria-label="API token"
      onSubmit={(event) => {
        event.preventDefault();
        setApiToken(value.trim());
        onSaved();
      }}
    >
      <p role="alert">This server asks for its API token (AURALIS_API_TOKEN) before it changes anything.</p>
      <label>
        API token <input type="password" autoComplete="off" value={value} onInput={(event) => setValue((event.target as HTMLInputElement).value)} />
      </label>{' '}
      <button type="submit">Use token</button>
    </form>
  );
}

function JobPanel({ id, onFinished }: { id: string; onFinished(): void }) {
  const [{ data, error }] = useSubscription({ query: JobProgress, variables: { id } });
  const [, cancelJob] = useMutation(CancelJob);
  const [after, setAfter] = useState<string | null>(null);
  const [cancelProblem, setCancelProblem] = useState<string | null>(null);
  const job = data?.jobProgress;
  const [{ data: failures }, refetchFailures] = useQuery({
    query: JobFailures,
    variables: { id, after },
    pause: !job || job.failed === 0,
    requestPolicy: 'network-only',
  });
  useEffect(() => {
    if (job && job.failed > 0) refetchFailures({ requestPolicy: 'network-only' });
  }, [job?.failed]);
  useEffect(() => {
    if (job && job.status !== 'RUNNING') onFinished();
  }, [job?.status]);

  if (error) return <p role="alert">Job {id}: {errorText(error)}</p>;
  if (!job) return <p aria-live="polite">Connecting to job {id}…</p>;
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 100;
  const page = failures?.job?.failurePage;
  return (
    <section class="job-panel" aria-labelledby="job-title" data-job-status={job.status}>
      <h2 id="job-title">
        {job.kind === 'EXTRACTION' ? 'Extraction' : 'Similarity graph'}
        {job.selection ? ` (${job.selection.toLowerCase()})` : ''}:{' '}
        <span class={`job-status job-status-${job.status.toLowerCase()}`}>{job.status.toLowerCase()}</span>
      </h2>
      <progress max={Math.max(job.total, 1)} value={job.total > 0 ? job.processed : 1} aria-label="Job progress" aria-valuetext={`${percent} %`} />
      <p class="job-counts" aria-live="polite">
        <span class="num">{job.processed}</span> of <span class="num">{job.total}</span> files ({percent} %) · {job.succeeded} analysed ·{' '}
        {job.failed} failed · {job.skipped} skipped · {job.rate.toFixed(2)} files/s · ETA {job.status === 'RUNNING' ? formatEta(job.etaSeconds) : '—'}
      </p>
      {job.status === 'RUNNING' && job.currentFile && (
        <p class="muted job-current">
          Now: <code>{job.currentFile}</code>
        </p>
      )}
      {job.error && <p role="alert">{job.error}</p>}
      {job.status === 'RUNNING' && (
        <button
          type="button"
          onClick={async () => {
            const result = await cancelJob({ id });
            const problem = result.error ? errorText(result.error) : result.data?.cancelJob.userErrors.map((e) => e.message).join('; ');
            setCancelProblem(problem || null);
          }}
        >
          Cancel job
        </button>
      )}
      {cancelProblem && <p role="alert">{cancelProblem}</p>}
      {job.failed > 0 && page && (
        <section aria-labelledby="failures-title">
          <h3 id="failures-title">Failures ({page.totalCount})</h3>
          <div class="wide-table">
            <table class="failure-table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Code</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node, cursor }) => (
                  <tr key={cursor}>
                    <td>
                      <code>{node.path}</code>
                    </td>
                    <td>
                      <code>{node.code}</code>
                    </td>
                    <td>{node.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="form-row">
            {after !== null && (
              <button type="button" onClick={() => setAfter(null)}>
                First failures
              </button>
            )}
            {page.pageInfo.hasNextPage && (
              <button type="button" onClick={() => setAfter(page.pageInfo.endCursor ?? null)}>
                Next failures
              </button>
            )}
          </div>
        </section>
      )}
    </section>
  );
}

function ScanResult({ scan }: { scan: ScanState }) {
  const last = scan.last;
  return (
    <section class="scan-result" aria-labelledby="scan-title" aria-live="polite">
      <h2 id="scan-title">
        Scan of <code>{scan.root}</code>: {scan.running ? 'scanning…' : scan.problem ? 'refused' : 'done'}
      </h2>
      {scan.problem && <p role="alert">{scan.problem}</p>}
      {(scan.running || last) && !scan.problem && (
        <p class="scan-counts">
          {scan.added} added · {scan.updated} updated
          {last?.complete && (
            <>
              {' '}
              · {last.unchanged} unchanged · {last.files} audio files · {last.stale} stale · {last.gone} gone from disk · {last.toExtract} to analyse ·{' '}
              {last.warnings} warnings
            </>
          )}
        </p>
      )}
      {last && last.skipped.length + last.tagErrors.length > 0 && (
        <details>
          <summary>Entries with problems ({last.warnings})</summary>
          <ul class="problem-list">
            {last.skipped.map((entry) => (
              <li key={`s-${entry.path}`}>
                <code>{entry.reason}</code> {entry.message}
              </li>
            ))}
            {last.tagErrors.map((entry) => (
              <li key={`t-${entry.path}`}>
                <code>NO_TAGS</code> {entry.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function Work() {
  const location = useLocation();
  const client = useClient();
  const jobId = location.query.job ?? '';
  const [{ data: overview, error: overviewError }, refreshOverview] = useQuery({ query: WorkOverview, requestPolicy: 'cache-and-network' });
  const [{ data: recent }, refreshRecent] = useQuery({ query: RecentJobs, requestPolicy: 'cache-and-network' });
  const [, startExtraction] = useMutation(StartExtraction);
  const [selection, setSelection] = useState<ExtractionSelection>('MISSING');
  const [folder, setFolder] = useState('');
  const [scan, setScan] = useState<ScanState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tokenNeeded, setTokenNeeded] = useState(false);

  const follow = (id: string, replace = false) => location.route(`/work?job=${encodeURIComponent(id)}`, replace);
  const refresh = () => {
    refreshOverview({ requestPolicy: 'network-only' });
    refreshRecent({ requestPolicy: 'network-only' });
  };
  // Opened while a job runs (started elsewhere, or before a reload): follow the newest running one.
  const running = recent?.jobs.find((job) => job.status === 'RUNNING');
  useEffect(() => {
    if (jobId === '' && running) follow(running.id, true);
  }, [jobId, running?.id]);

  const runScan = async (root: string) => {
    setProblem(null);
    let state: ScanState = { root, running: true, added: 0, updated: 0, calls: 0, last: null, problem: null };
    setScan(state);
    for (;;) {
      const result = await client.mutation(ScanLibraryRoot, { path: root, maxSeconds: SCAN_SLICE_SECONDS }).toPromise();
      const payload = result.data?.scanLibraryRoot;
      if (result.error || !payload || payload.userErrors.length > 0 || !payload.scan) {
        if (needsToken(errorCodes(result.error))) setTokenNeeded(true);
        const message = result.error ? errorText(result.error) : payload?.userErrors.map((e) => `${e.message} (${e.code})`).join('; ');
        setScan({ ...state, running: false, problem: message ?? 'the scan failed' });
        return;
      }
      const report = payload.scan;
      state = {
        ...state,
        root: report.root,
        added: state.added + report.added,
        updated: state.updated + report.updated,
        calls: state.calls + 1,
        last: report,
        running: !report.complete,
      };
      setScan(state);
      if (report.complete) {
        refresh();
        if (payload.job) follow(payload.job.id);
        return;
      }
    }
  };

  const start = async () => {
    setProblem(null);
    const result = await startExtraction({ selection });
    const payload = result.data?.startExtraction;
    if (result.error || !payload?.job) {
      if (needsToken(errorCodes(result.error))) setTokenNeeded(true);
      setProblem(result.error ? errorText(result.error) : (payload?.userErrors.map((e) => `${e.message} (${e.code})`).join('; ') ?? 'not started'));
      return;
    }
    follow(payload.job.id);
  };

  const stats = overview?.libraryStats;
  const countOf = (status: string) => stats?.byStatus.find((entry) => entry.status === status)?.count ?? 0;
  const selectionCount: Record<ExtractionSelection, number> = {
    MISSING: stats?.missingCount ?? 0,
    STALE: stats?.staleCount ?? 0,
    ALL: stats?.trackCount ?? 0,
  };
  return (
    <section class="view work-view" aria-labelledby="view-title">
      <h1 id="view-title">Library work</h1>
      {overviewError && <p role="alert">{errorText(overviewError)}</p>}
      {tokenNeeded && <TokenForm onSaved={() => setTokenNeeded(false)} />}

      {stats && (
        <p class="work-stats" aria-label="Tracks by fingerprint status">
          <strong>{stats.trackCount}</strong> tracks: {countOf('CURRENT')} analysed · {stats.missingCount} missing · {stats.staleCount} stale ·{' '}
          {countOf('FAILED')} failed
        </p>
      )}

      <h2>Library roots</h2>
      {overview && overview.libraryRoots.length === 0 && (
        <p class="muted">No library root: run `auralis scan &lt;folder&gt;` on this database, or set AURALIS_LIBRARY_ROOTS.</p>
      )}
      <ul class="root-list">
        {overview?.libraryRoots.map((root) => (
          <li key={root.path}>
            <code>{root.path}</code> <span class="muted">{[root.configured && 'configured', root.stored && 'stored by scan'].filter(Boolean).join(', ')}</span>{' '}
            <button type="button" onClick={() => runScan(root.path)} disabled={scan?.running} aria-label={`Scan ${root.path}`}>
              Scan
            </button>
          </li>
        ))}
      </ul>
      <form
        class="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (folder.trim() !== '') void runScan(folder.trim());
        }}
      >
        <label>
          Folder inside a root{' '}
          <input type="text" value={folder} placeholder="/music/new" onInput={(event) => setFolder((event.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={scan?.running || folder.trim() === ''}>
          Scan folder
        </button>
      </form>
      {scan && <ScanResult scan={scan} />}

      <h2>Extraction</h2>
      <div class="form-row">
        <label>
          Analyse{' '}
          <select value={selection} onChange={(event) => setSelection((event.target as HTMLSelectElement).value as ExtractionSelection)}>
            <option value="MISSING">tracks without a fingerprint ({selectionCount.MISSING})</option>
            <option value="STALE">stale fingerprints ({selectionCount.STALE})</option>
            <option value="ALL">every track ({selectionCount.ALL})</option>
          </select>
        </label>
        <button type="button" class="primary" onClick={start}>
          Start extraction
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
      {jobId !== '' && <JobPanel key={jobId} id={jobId} onFinished={refresh} />}
      {recent && recent.jobs.length > 0 && (
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">Recent jobs</h2>
          <ul class="job-list">
            {recent.jobs.map((job) => (
              <li key={job.id}>
                <a href={`/work?job=${encodeURIComponent(job.id)}`} aria-current={job.id === jobId ? 'true' : undefined}>
                  {new Date(job.createdAt).toLocaleString()}
                </a>{' '}
                {job.kind === 'EXTRACTION' ? 'extraction' : 'similarity graph'}
                {job.selection ? ` (${job.selection.toLowerCase()})` : ''}: <span class={`job-status job-status-${job.status.toLowerCase()}`}>{job.status.toLowerCase()}</span>,{' '}
                {job.processed} of {job.total}
                {job.failed > 0 ? `, ${job.failed} failed` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
