// The GitHub stand-in, shared by the tests, the bench and `npm start`'s demo.
export { attachToStandin, type AttachOptions } from './attach';
export { startDemoGitHub, type DemoGitHub } from './demo';
export {
  startGitHubStandin,
  type Check,
  type CommitStatus,
  type GitHubStandin,
  type Pull,
  type Review,
  type ServedCall,
  type StandinOptions,
} from './server';
