/**
 * Starts the real thing for the browser journeys (see scripts/local-server.ts)
 * and hands its address and D1 folder to the tests through `inject`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalServer } from '../../scripts/local-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    persistTo: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startLocalServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('persistTo', server.persistTo);
  return () => server.stop();
}
