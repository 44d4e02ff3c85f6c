/** @type {import('jest').Config} */
module.exports = {
  rootDir: 'src',
  testEnvironment: 'node',
  testRegex: '\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@syncline/(contracts|sdk)$': '<rootDir>/../../../libs/$1/src',
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/../tsconfig.json',
        // The same OpenAPI plugin as `nest build`, so the document tested is the one served.
        astTransformers: {
          before: ['<rootDir>/../openapi-plugin.jest.js'],
        },
      },
    ],
  },
  testTimeout: 60_000,
  maxWorkers: 2,
};
