// Echo client for the bus benchmark: N threads making blocking unary calls over one channel for a fixed time,
// printing the same figures as the bus benchmark.
#include <grpcpp/grpcpp.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>
#include "echo.grpc.pb.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: echo-client <address> <payload-bytes> <callers> <seconds>" << std::endl;
    return 2;
  }
  const std::string address = argv[1];
  const size_t payload = std::stoul(argv[2]);
  const int callers = std::stoi(argv[3]);
  const double seconds = std::stod(argv[4]);
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
    std::cerr << "could not connect to " << address << std::endl;
    return 1;
  }
  velesbench::EchoMessage request;
  request.set_blob(std::string(payload, 'a'));
  std::vector<std::vector<double>> latencies(callers);
  std::atomic<bool> failed{false};
  auto run = [&](int index, Clock::time_point end, bool record) {
    auto stub = velesbench::Echo::NewStub(channel);
    while (Clock::now() < end) {
      grpc::ClientContext context;
      velesbench::EchoMessage reply;
      auto sent = Clock::now();
      grpc::Status status = stub->Echo(&context, request, &reply);
      if (!status.ok()) { failed = true; return; }
      if (record) latencies[index].push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
    }
  };
  {
    std::vector<std::thread> warmup;
    auto end = Clock::now() + std::chrono::milliseconds(300);
    for (int i = 0; i < callers; i++) warmup.emplace_back(run, i, end, false);
    for (auto& thread : warmup) thread.join();
  }
  auto start = Clock::now();
  auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (int i = 0; i < callers; i++) threads.emplace_back(run, i, end, true);
  for (auto& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (failed) { std::cerr << "a call failed" << std::endl; return 1; }
  std::vector<double> all;
  for (auto& part : latencies) all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end());
  if (all.empty()) return 1;
  std::printf("p50_us=%.1f p99_us=%.1f calls_s=%.0f\n", all[all.size() / 2],
              all[std::min(all.size() - 1, size_t(all.size() * 0.99))], all.size() / elapsed);
  return 0;
}
