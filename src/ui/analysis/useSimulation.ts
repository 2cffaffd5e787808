/** A Monte Carlo run of the open scenario kept live: run again after each edit or change of options (at once after a quiet spell, at the end of a burst), with progress and cancel for a long one. */
import { proxy } from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Sampling } from '../../model/analysis/simulation';
import type { AnalysisClient, SimulationAnswer, SimulationProgress } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';

export type SimulationClient = Pick<AnalysisClient, 'simulate' | 'cancelSimulation'>;
export type FinishedSimulation = Extract<SimulationAnswer, { outcome: 'done' }>;

export interface SimulationSettings {
  samples: number;
  seed: number;
  sampling: Sampling;
}

export interface LiveSimulation {
  /** The last finished run; kept on screen while the next one runs, so the charts never flash empty. */
  answer: FinishedSimulation | undefined;
  /** True from the moment a run is due until its answer: the answer shown may be of an earlier edit. */
  running: boolean;
  /** Set while a long run reports how far it got. */
  progress: SimulationProgress | undefined;
  /** Why the last run gave nothing: a refusal in words, or a failure. */
  problem: string | undefined;
  cancelled: boolean;
  cancel: () => void;
}

/** Draws times ranged inputs from which a run reports its progress: a smaller one is over before a bar could be read. */
const PROGRESS_FROM = 250_000;

/**
 * Runs `settings` on `docId` whenever it, the settings or the scenario's `revision` change: at once when
 * nothing changed in the `delay` ms before (one value typed and committed redraws without waiting), else
 * `delay` ms after the last change of a burst (a slider drag asks once, at its end, and its steps do not
 * queue behind runs in the worker). `runId` names the run in the worker, so a new one supersedes the one
 * under way there. Nothing runs while `enabled` is false.
 */
export function useSimulation(client: SimulationClient, docId: string, revision: number, settings: SimulationSettings, options: { runId: string; enabled: boolean; delay: number; rangedInputs: number }): LiveSimulation {
  const { runId, enabled, delay, rangedInputs } = options;
  const { samples, seed, sampling } = settings;
  const [answer, setAnswer] = useState<FinishedSimulation>();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SimulationProgress>();
  const [problem, setProblem] = useState<string>();
  const [cancelled, setCancelled] = useState(false);
  const ticket = useRef(0);
  const lastChangeAt = useRef(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    if (!enabled) {
      setAnswer(undefined);
      setRunning(false);
      return;
    }
    const mine = ++ticket.current;
    setRunning(true);
    setCancelled(false);
    const now = performance.now();
    const wait = now - lastChangeAt.current >= delay ? 0 : delay;
    lastChangeAt.current = now;
    const timer = setTimeout(() => {
      const long = samples * rangedInputs >= PROGRESS_FROM;
      const onProgress = long ? proxy((step: SimulationProgress) => ticket.current === mine && setProgress(step)) : undefined;
      client.simulate(docId, { runId, samples, seed, sampling }, onProgress).then(
        (result) => {
          if (ticket.current !== mine) return;
          setRunning(false);
          setProgress(undefined);
          if (result.outcome === 'done') {
            setAnswer(result);
            setProblem(undefined);
          } else if (result.outcome === 'refused') {
            setAnswer(undefined);
            setProblem(result.problem);
          }
        },
        (error: unknown) => {
          if (ticket.current !== mine) return;
          setRunning(false);
          setProgress(undefined);
          setProblem(messageOf(error));
        },
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [client, docId, revision, samples, seed, sampling, runId, enabled, delay, rangedInputs]);

  const cancel = useCallback(() => {
    // The page lets go at once; the worker stops at its next pause between inputs.
    ticket.current += 1;
    setRunning(false);
    setProgress(undefined);
    setCancelled(true);
    void client.cancelSimulation(runId);
  }, [client, runId]);

  return { answer, running, progress, problem, cancelled, cancel };
}
