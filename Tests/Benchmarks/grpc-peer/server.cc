// Echo server for the bus benchmark: the synchronous gRPC C++ server, the setup most teams would start from.
#include <grpcpp/grpcpp.h>
#include <iostream>
#include <string>
#include "echo.grpc.pb.h"

class EchoService final : public velesbench::Echo::Service {
  grpc::Status Echo(grpc::ServerContext*, const velesbench::EchoMessage* request, velesbench::EchoMessage* reply) override {
    reply->set_blob(request->blob());
    return grpc::Status::OK;
  }
};

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: echo-server <address>" << std::endl;
    return 2;
  }
  EchoService service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(argv[1], grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) return 1;
  std::cout << "listening" << std::endl;
  server->Wait();
  return 0;
}
